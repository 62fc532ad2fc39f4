package io.jpmm;

import io.jpmm.internal.store.ShelfStore;
import io.jpmm.internal.store.Transaction;

/**
 * A transaction on a shelf: its puts, creates, erases and renames commit together as one durable
 * record, and the in-place writes to arrays it {@linkplain #track tracks} are undone if it does not
 * commit, whether it is rolled back, closed without commit, or the process dies.
 *
 * {@snippet :
 * try (ShelfTransaction tx = shelf.begin()) {
 *     NdArray n = tx.track(shelf.array("n"));
 *     NdArray m = tx.track(shelf.array("m"));
 *     n.set(n.getLong(0) + 1, 0);
 *     m.set(m.getLong(0) + 3, 0);
 *     shelf.put("note", "n and m moved together");
 *     tx.commit();                 // without it, close() rolls everything back
 * }
 * }
 *
 * <p><b>One at a time, one thread.</b> A shelf has at most one open transaction; it belongs to the
 * thread that began it, and only that thread's changes join it. Changes from other threads (and
 * their {@code begin()}) wait until it commits or rolls back. Reading is never blocked. Inside
 * the transaction its owner sees its own staged changes; nobody else does until the commit.
 *
 * <p><b>Nesting flattens.</b> {@link Shelf#begin()} inside an open transaction joins it: the inner
 * commit does nothing yet, and an inner close without commit dooms the whole transaction, whose
 * outer commit then rolls back and throws.
 *
 * <p><b>What tracking costs.</b> Java has no hook on a write to memory, so {@link #track} copies
 * the tracked bytes up front, as PMDK's and PyMM's snapshots do: tracking a 20 GB array writes
 * 20 GB of undo copy (and needs 20 GB of free shelf space) before the first write. Track the
 * slices a transaction writes, not whole arrays, when they are large. Arrays the transaction
 * itself created or replaced need no tracking: they are new space, committed or discarded whole.
 *
 * <p><b>Writes to untracked arrays</b> inside a transaction are ordinary in-place writes: they
 * are neither undone on rollback nor made atomic with the commit, and a crash may leave any part
 * of them. Readers in other processes see in-place writes as they happen, tracked or not.
 */
public final class ShelfTransaction implements AutoCloseable {
    private final Shelf shelf;
    private final ShelfStore store;
    private final Transaction transaction;
    private boolean ended;

    ShelfTransaction(Shelf shelf, ShelfStore store, Transaction transaction) {
        this.shelf = shelf;
        this.store = store;
        this.transaction = transaction;
    }

    /**
     * Declares that this transaction writes {@code array} in place: its current bytes are saved
     * durably, to be put back unless the transaction commits. Pass a slice to track a range, e.g.
     * {@code tx.track(a.slice(0, 1000, 2000))}; a strided view saves the whole span it covers.
     *
     * @return {@code array}, for chaining
     * @throws IllegalArgumentException if {@code array} is not a variable of this transaction's shelf
     * @throws ShelfFullException       if the shelf cannot hold the copy; the transaction stays open
     * @throws IllegalStateException    if the transaction has ended, or belongs to another thread
     */
    public NdArray track(NdArray array) {
        requireOpen("track an array");
        if (!(array.home() instanceof ArrayHome.Shelved(ShelfStore owner, var variable)) || owner != store) {
            throw new IllegalArgumentException("a transaction of shelf '" + shelf.name() + "' tracks arrays of that"
                    + " shelf; this one is " + (array.isShelved() ? "on another shelf" : "in memory (DRAM)"));
        }
        long[] span = array.byteSpan();
        StoreCalls.run(() -> store.track(transaction, variable, span[0], span[1] - span[0]));
        return array;
    }

    /**
     * Commits: the tracked in-place writes are made durable, then every staged change in one
     * record, the commit point. Inside a nested transaction, only marks this level done.
     *
     * @throws ShelfException if a transaction nested in this one was closed without commit: all of
     *                        it was rolled back
     */
    public void commit() {
        requireOpen("commit");
        ended = true;
        StoreCalls.run(() -> store.commit(transaction));
    }

    /** Rolls back: staged changes are dropped and tracked ranges get their old bytes back, durably. */
    public void rollback() {
        requireOpen("roll back");
        ended = true;
        StoreCalls.run(() -> store.rollback(transaction));
    }

    /** Whether this transaction is still open: neither committed nor rolled back. */
    public boolean isOpen() {
        return !ended;
    }

    /** Rolls back unless {@link #commit()} or {@link #rollback()} ran. */
    @Override
    public void close() {
        if (!ended) {
            rollback();
        }
    }

    private void requireOpen(String operation) {
        if (ended) {
            throw new IllegalStateException("cannot " + operation + ": this transaction on shelf '" + shelf.name()
                    + "' has already ended");
        }
    }
}
