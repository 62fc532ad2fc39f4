package io.jpmm.internal.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Consumer;

/**
 * The mappings a shelf has handed out, by variable name, and the ones it has retired. A retired
 * mapping was invalidated (its variable replaced, erased, renamed, or the shelf closing) while a
 * thread still streamed through it, so its arena could not close; the space it covers is freed
 * only once it does. Not thread-safe: the store calls it under its lock.
 */
final class Mappings {
    private record Retired(MappedVariable variable, Extent space, Consumer<Extent> free) {
    }

    private final Map<String, MappedVariable> byName = new HashMap<>();
    private final List<Retired> retired = new ArrayList<>();

    MappedVariable get(String name) {
        return byName.get(name);
    }

    void put(String name, MappedVariable variable) {
        byName.put(name, variable);
    }

    Collection<MappedVariable> all() {
        return byName.values();
    }

    /**
     * Invalidates the mapping of {@code name}, if there is one. If a thread still streams through
     * it, the mapping and {@code space} (the extent it frees, or null) wait until it lets go.
     *
     * @return whether a mapping existed, so that it took care of {@code space}
     */
    boolean retire(String name, String reason, Extent space, Consumer<Extent> free) {
        MappedVariable variable = byName.remove(name);
        if (variable == null) {
            return false;
        }
        retire(variable, reason, space, free);
        return true;
    }

    /** Invalidates {@code variable}; its {@code space}, if any, is freed once no thread holds the mapping. */
    void retire(MappedVariable variable, String reason, Extent space, Consumer<Extent> free) {
        if (variable.invalidate(reason)) {
            if (space != null) {
                free.accept(space);
            }
        } else {
            retired.add(new Retired(variable, space, free));
        }
    }

    /** Frees the space of retired mappings whose last user has let go. */
    void reap() {
        retired.removeIf(mapping -> {
            if (!mapping.variable().tryRelease()) {
                return false;
            }
            if (mapping.space() != null) {
                mapping.free().accept(mapping.space());
            }
            return true;
        });
    }

    /** The bytes retired mappings still hold, in allocation units. */
    long retiredBytes(ShelfSpace space) {
        return retired.stream().filter(mapping -> mapping.space() != null)
                .mapToLong(mapping -> space.footprint(mapping.space().length())).sum();
    }

    /**
     * Invalidates the mappings of variables that {@code current} no longer has as they were mapped,
     * and waits until no thread streams through them: a reader moving to a newer snapshot.
     */
    void retireChanged(Function<String, Optional<CatalogEntry>> current, String reason) {
        byName.entrySet().removeIf(mapping -> {
            MappedVariable variable = mapping.getValue();
            if (current.apply(mapping.getKey()).map(variable.entry()::equals).orElse(false)) {
                return false;
            }
            variable.invalidate(reason);
            awaitRelease(variable);
            return true;
        });
    }

    /** Invalidates every mapping and waits for streams through them to finish: the shelf is closing. */
    void closeAll(String reason) {
        byName.values().forEach(variable -> retired.add(new Retired(variable, null, null)));
        byName.clear();
        for (Retired mapping : retired) {
            mapping.variable().invalidate(reason);
            awaitRelease(mapping.variable());
        }
        retired.clear();
    }

    /** Waits for a thread streaming through a mapping to finish its current chunk. */
    private static void awaitRelease(MappedVariable variable) {
        for (int attempt = 0; !variable.tryRelease(); attempt++) {
            try {
                Thread.sleep(Math.min(attempt, 10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
