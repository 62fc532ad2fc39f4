package io.jpmm.internal.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The open transaction of a shelf: one at a time, owned by the thread that began it. Its puts,
 * erases and renames are staged here and committed together as one frame; the data of its puts
 * is already written, in extents nobody else can see. Ranges it declared before writing them in
 * place were saved in undo copies, durably, and are put back if it rolls back or the process dies.
 * Not thread-safe: the store calls it under its lock.
 */
public final class Transaction {
    final Thread owner;
    final List<LogRecord> staged = new ArrayList<>();
    /** What the staged changes did to names: an entry, or empty for a name erased or renamed away. */
    private final Map<String, Optional<CatalogEntry>> overlay = new HashMap<>();
    /** Extents of staged puts: free again if the transaction rolls back. */
    final List<Extent> stagedExtents = new ArrayList<>();
    /** Mappings of staged arrays, handed to the owner: the shelf's own mappings once committed. */
    final Map<String, MappedVariable> stagedMappings = new HashMap<>();
    final List<LogRecord.TransactionUndo> undo = new ArrayList<>();
    int depth = 1;
    boolean rollbackOnly;

    Transaction(Thread owner) {
        this.owner = owner;
    }

    /** Whether the calling thread owns this transaction. */
    public boolean ownedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** The entry {@code name} has inside the transaction: staged, or as the catalog has it. */
    Optional<CatalogEntry> find(String name, Catalog catalog) {
        Optional<CatalogEntry> staged = overlay.get(name);
        return staged != null ? staged : catalog.find(name);
    }

    /** Stages a put, erase or rename; {@link #find} and {@link #entries} see it at once. */
    void stage(LogRecord change, Catalog catalog) {
        switch (change) {
            case LogRecord.Put(CatalogEntry entry) -> overlay.put(entry.name(), Optional.of(entry));
            case LogRecord.Erase(String name) -> overlay.put(name, Optional.empty());
            case LogRecord.Rename(String from, String to) -> {
                CatalogEntry moved = find(from, catalog).orElseThrow();
                overlay.put(from, Optional.empty());
                overlay.put(to, Optional.of(moved.renamed(to)));
                MappedVariable mapping = stagedMappings.remove(from);
                if (mapping != null) {
                    mapping.invalidate("variable \"" + from + "\" was renamed to \"" + to + "\"");
                }
            }
            default -> throw new IllegalArgumentException("a transaction stages puts, erases and renames, not " + change);
        }
        staged.add(change);
    }

    /** Whether {@code extent} holds data this transaction wrote (whose old bytes need no undo). */
    boolean isStaged(Extent extent) {
        return stagedExtents.contains(extent);
    }
}
