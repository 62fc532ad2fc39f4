package io.jpmm.internal.store;

import java.util.List;

/** What the commit log records. Each record is one atomic change; see docs/format.md. */
sealed interface LogRecord {

    /**
     * The whole state at one moment: the first record of every log half. It carries what a log
     * half must not lose when it is left behind: the undo copies of a transaction still open, and
     * extents freed while readers may still see them.
     */
    record Checkpoint(List<CatalogEntry> entries, List<TransactionUndo> openUndo, List<DeferredFree> deferred)
            implements LogRecord {
        public Checkpoint {
            entries = List.copyOf(entries);
            openUndo = List.copyOf(openUndo);
            deferred = List.copyOf(deferred);
        }

        Checkpoint(List<CatalogEntry> entries) {
            this(entries, List.of(), List.of());
        }
    }

    /** A variable was created or replaced. */
    record Put(CatalogEntry entry) implements LogRecord {
    }

    /** A variable was erased. */
    record Erase(String name) implements LogRecord {
    }

    /** A variable was renamed, replacing any variable that had the new name. */
    record Rename(String from, String to) implements LogRecord {
    }

    /**
     * Bytes about to be written in place by the open transaction, saved first: {@code copies} holds
     * the old bytes of each range. Until the transaction commits or rolls back, recovery puts them
     * back.
     */
    record TransactionUndo(Extent copies, List<UndoRange> ranges) implements LogRecord {
        public TransactionUndo {
            ranges = List.copyOf(ranges);
        }
    }

    /** The open transaction's changes, committed together; its undo copies are no longer needed. */
    record TransactionCommit(List<LogRecord> changes) implements LogRecord {
        public TransactionCommit {
            changes = List.copyOf(changes);
        }
    }

    /** The open transaction was rolled back: its ranges hold their old bytes again, durably. */
    record TransactionRollback() implements LogRecord {
    }

    /**
     * One saved range of a transaction's undo.
     *
     * @param target where the bytes live in the file
     * @param length how many
     * @param copy   where their old value was saved
     */
    record UndoRange(long target, long length, long copy) {
    }

    /**
     * An extent a change freed at {@code sequence} that a reader of an older state may still read:
     * it is reused only once no live reader is that old.
     */
    record DeferredFree(long sequence, Extent extent) {
    }
}
