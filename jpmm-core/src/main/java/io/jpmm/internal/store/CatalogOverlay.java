package io.jpmm.internal.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts, erases and renames laid over a catalog without copying it: what a transaction makes of the
 * catalog, in time proportional to its changes, however many variables the shelf holds.
 */
final class CatalogOverlay implements CatalogLookup {
    private final Catalog base;
    /** An entry for each name a change touched, or empty for a name erased or renamed away. */
    private final Map<String, Optional<CatalogEntry>> changed = new HashMap<>();

    CatalogOverlay(Catalog base) {
        this.base = base;
    }

    @Override
    public Optional<CatalogEntry> find(String name) {
        Optional<CatalogEntry> entry = changed.get(name);
        return entry != null ? entry : base.find(name);
    }

    /** Applies a put, erase or rename; a rename of a missing variable changes nothing, as in {@link Catalog}. */
    void apply(LogRecord change) {
        switch (change) {
            case LogRecord.Put(CatalogEntry entry) -> changed.put(entry.name(), Optional.of(entry));
            case LogRecord.Erase(String name) -> changed.put(name, Optional.empty());
            case LogRecord.Rename(String from, String to) -> find(from).ifPresent(moved -> {
                changed.put(from, Optional.empty());
                changed.put(to, Optional.of(moved.renamed(to)));
            });
            default -> throw new IllegalArgumentException("not a put, erase or rename: " + change);
        }
    }
}
