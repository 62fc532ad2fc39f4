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
    /** The catalog as the staged changes leave it. */
    private final CatalogOverlay overlay;
    /** Extents of staged puts: free again if the transaction rolls back. */
    final List<Extent> stagedExtents = new ArrayList<>();
    /** Mappings of staged arrays, handed to the owner: the shelf's own mappings once committed. */
    final Map<String, MappedVariable> stagedMappings = new HashMap<>();
    final List<LogRecord.TransactionUndo> undo = new ArrayList<>();
    int depth = 1;
    boolean rollbackOnly;

    Transaction(Thread owner, Catalog catalog) {
        this.owner = owner;
        this.overlay = new CatalogOverlay(catalog);
    }

    /** Whether the calling thread owns this transaction. */
    public boolean ownedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /** The entry {@code name} has inside the transaction: staged, or as the catalog has it. */
    Optional<CatalogEntry> find(String name) {
        return overlay.find(name);
    }

    /** Stages a put, erase or rename; {@link #find} sees it at once. */
    void stage(LogRecord change) {
        if (change instanceof LogRecord.Rename(String from, String to)) {
            find(from).orElseThrow();
            MappedVariable mapping = stagedMappings.remove(from);
            if (mapping != null) {
                mapping.invalidate("variable \"" + from + "\" was renamed to \"" + to + "\"");
            }
        }
        overlay.apply(change);
        staged.add(change);
    }

    /** Whether {@code extent} holds data this transaction wrote (whose old bytes need no undo). */
    boolean isStaged(Extent extent) {
        return stagedExtents.contains(extent);
    }
}
