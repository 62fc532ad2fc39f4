package io.jpmm.internal.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.Optional;
import java.util.TreeMap;

/** The committed variables by name: the state the commit log describes. Not thread-safe. */
final class Catalog implements CatalogLookup {
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

    @Override
    public Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** Every entry in name order, without copying: valid until the next change. */
    Collection<CatalogEntry> values() {
        return Collections.unmodifiableCollection(entries.values());
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
            case LogRecord.Put put -> displacedByChange(put);
            case LogRecord.Erase erase -> displacedByChange(erase);
            case LogRecord.Rename rename -> displacedByChange(rename);
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> {
                var overlay = new CatalogOverlay(this);
                List<CatalogEntry> displaced = new ArrayList<>();
                for (LogRecord change : changes) {
                    displaced.addAll(overlay.displacedByChange(change));
                    overlay.apply(change);
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
            case LogRecord.Erase erase -> inconsistencyOfChange(erase);
            case LogRecord.Rename rename -> inconsistencyOfChange(rename);
            case LogRecord.Checkpoint checkpoint -> inNameOrder(checkpoint.entries())
                    || checkpoint.entries().stream().map(CatalogEntry::name).distinct().count() == checkpoint.entries().size()
                    ? null : "lists a variable twice";
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> {
                var overlay = new CatalogOverlay(this);
                for (LogRecord change : changes) {
                    String problem = change instanceof LogRecord.Put || change instanceof LogRecord.Erase
                            || change instanceof LogRecord.Rename ? overlay.inconsistencyOfChange(change)
                            : "is not a put, erase or rename";
                    if (problem != null) {
                        yield "commits a transaction with a change that " + problem;
                    }
                    overlay.apply(change);
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
                if (inNameOrder(checkpoint.entries())) {
                    // jpmm writes checkpoints in name order: the tree is then built in one pass, not by a million inserts.
                    entries.putAll(new SortedEntries(checkpoint.entries()));
                } else {
                    checkpoint.entries().forEach(entry -> entries.put(entry.name(), entry));
                }
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

    /** Whether each name comes strictly after the one before: sorted, and so without duplicates. */
    private static boolean inNameOrder(List<CatalogEntry> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1).name().compareTo(list.get(i).name()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Entries already in name order, seen as a sorted map so that {@link TreeMap#putAll} builds in linear time. */
    private static final class SortedEntries extends AbstractMap<String, CatalogEntry>
            implements SortedMap<String, CatalogEntry> {
        private final List<CatalogEntry> inOrder;

        SortedEntries(List<CatalogEntry> inOrder) {
            this.inOrder = inOrder;
        }

        @Override
        public Set<Entry<String, CatalogEntry>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, CatalogEntry>> iterator() {
                    Iterator<CatalogEntry> each = inOrder.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return each.hasNext();
                        }

                        @Override
                        public Entry<String, CatalogEntry> next() {
                            CatalogEntry entry = each.next();
                            return Map.entry(entry.name(), entry);
                        }
                    };
                }

                @Override
                public int size() {
                    return inOrder.size();
                }
            };
        }

        @Override
        public Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public SortedMap<String, CatalogEntry> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, CatalogEntry> headMap(String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SortedMap<String, CatalogEntry> tailMap(String fromKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            return inOrder.getFirst().name();
        }

        @Override
        public String lastKey() {
            return inOrder.getLast().name();
        }
    }

    Catalog copy() {
        Catalog copy = new Catalog();
        copy.entries.putAll(entries);
        return copy;
    }
}
