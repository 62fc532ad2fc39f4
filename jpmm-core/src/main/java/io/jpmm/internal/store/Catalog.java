package io.jpmm.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The committed variables by name: the state the commit log describes. Not thread-safe. */
final class Catalog {
    private final TreeMap<String, CatalogEntry> entries = new TreeMap<>();

    Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** All entries in name order. */
    List<CatalogEntry> entries() {
        return List.copyOf(entries.values());
    }

    int size() {
        return entries.size();
    }

    /** The entry {@code record} would take out of the catalog (replaced, erased, renamed over). */
    Optional<CatalogEntry> displacedBy(LogRecord record) {
        return switch (record) {
            case LogRecord.Put(CatalogEntry entry) -> find(entry.name());
            case LogRecord.Erase(String name) -> find(name);
            case LogRecord.Rename(String from, String to) -> from.equals(to) ? Optional.empty() : find(to);
            case LogRecord.Checkpoint checkpoint -> Optional.empty();
        };
    }

    /**
     * Why {@code record} cannot follow the state this catalog holds, or null if it can: a frame with
     * a valid checksum that erases or renames a variable that does not exist, or a checkpoint that
     * names a variable twice, was not written by jpmm.
     */
    String inconsistency(LogRecord record) {
        return switch (record) {
            case LogRecord.Put put -> null;
            case LogRecord.Erase(String name) -> entries.containsKey(name) ? null
                    : "erases \"" + name + "\", which does not exist";
            case LogRecord.Rename(String from, String to) -> from.equals(to) ? "renames \"" + from + "\" to itself"
                    : entries.containsKey(from) ? null : "renames \"" + from + "\", which does not exist";
            case LogRecord.Checkpoint(List<CatalogEntry> snapshot) ->
                    snapshot.stream().map(CatalogEntry::name).distinct().count() == snapshot.size() ? null
                            : "lists a variable twice";
        };
    }

    void apply(LogRecord record) {
        switch (record) {
            case LogRecord.Checkpoint(List<CatalogEntry> snapshot) -> {
                entries.clear();
                snapshot.forEach(entry -> entries.put(entry.name(), entry));
            }
            case LogRecord.Put(CatalogEntry entry) -> entries.put(entry.name(), entry);
            case LogRecord.Erase(String name) -> entries.remove(name);
            case LogRecord.Rename(String from, String to) -> {
                CatalogEntry moved = entries.remove(from);
                if (moved != null) {
                    entries.put(to, moved.renamed(to));
                }
            }
        }
    }

    /** The entries as they would be after {@code record}, leaving this catalog unchanged. */
    List<CatalogEntry> entriesAfter(LogRecord record) {
        Catalog copy = new Catalog();
        copy.entries.putAll(entries);
        copy.apply(record);
        return new ArrayList<>(copy.entries.values());
    }
}
