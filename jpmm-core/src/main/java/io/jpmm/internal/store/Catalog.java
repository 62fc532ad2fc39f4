package io.jpmm.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The committed variables by name: the state the commit log describes. Not thread-safe. */
final class Catalog {
    private final TreeMap<String, CatalogEntry> entries = new TreeMap<>();

    /** The names that start with {@code prefix}, in order: the sorted map's run of them, nothing else looked at. */
    List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (String name : entries.tailMap(prefix, true).keySet()) {
            if (!name.startsWith(prefix)) {
                break;
            }
            names.add(name);
        }
        return names;
    }

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

    /**
     * The entries {@code record} takes out of the catalog (replaced, erased, renamed over), in order;
     * for a transaction, those of each change in turn.
     */
    List<CatalogEntry> displacedBy(LogRecord record) {
        return switch (record) {
            case LogRecord.Put(CatalogEntry entry) -> find(entry.name()).stream().toList();
            case LogRecord.Erase(String name) -> find(name).stream().toList();
            case LogRecord.Rename(String from, String to) -> from.equals(to) ? List.of() : find(to).stream().toList();
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> {
                Catalog copy = copy();
                List<CatalogEntry> displaced = new ArrayList<>();
                for (LogRecord change : changes) {
                    displaced.addAll(copy.displacedBy(change));
                    copy.apply(change);
                }
                yield displaced;
            }
            case LogRecord.Checkpoint checkpoint -> List.of();
            case LogRecord.TransactionUndo undo -> List.of();
            case LogRecord.TransactionRollback rollback -> List.of();
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
            case LogRecord.Checkpoint checkpoint ->
                    checkpoint.entries().stream().map(CatalogEntry::name).distinct().count() == checkpoint.entries().size()
                            ? null : "lists a variable twice";
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> {
                Catalog copy = copy();
                for (LogRecord change : changes) {
                    String problem = copy.inconsistency(change);
                    if (problem != null) {
                        yield "commits a transaction with a change that " + problem;
                    }
                    copy.apply(change);
                }
                yield null;
            }
            case LogRecord.TransactionUndo undo -> null;
            case LogRecord.TransactionRollback rollback -> null;
        };
    }

    void apply(LogRecord record) {
        switch (record) {
            case LogRecord.Checkpoint checkpoint -> {
                entries.clear();
                checkpoint.entries().forEach(entry -> entries.put(entry.name(), entry));
            }
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> changes.forEach(this::apply);
            case LogRecord.TransactionUndo undo -> {
            }
            case LogRecord.TransactionRollback rollback -> {
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
        Catalog copy = copy();
        copy.apply(record);
        return new ArrayList<>(copy.entries.values());
    }

    Catalog copy() {
        Catalog copy = new Catalog();
        copy.entries.putAll(entries);
        return copy;
    }
}
