package io.jpmm.internal.store;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * The reader table in a shelf's lock file: one slot per reader open anywhere, holding the sequence
 * number of the snapshot the reader sees, so that the writer frees space only when no reader can
 * still read it (LMDB's reader table, docs/format.md "Readers").
 *
 * <p>A reader owns its slot by holding an OS lock on the slot's first byte. The lock is the proof
 * of life: the OS drops it when the process dies, however it dies, so a slot whose lock can be
 * taken belongs to nobody, whatever sequence it still shows. The writer takes such a lock only to
 * clear the stale slot, then lets it go.
 *
 * <p>Publication is ordered like Dekker's protocol: a reader stores {@link #REGISTERING} in its
 * slot and fences before it reads the shelf; the writer makes a commit durable and fences before
 * it reads the slots. So either the writer sees the reader (and frees nothing the reader could
 * read), or the reader sees the commit (and never looks at what it displaced).
 */
final class ReaderTable {
    /** Where the table starts in the lock file: after the writer's process id record. */
    static final long OFFSET = 4096;
    static final int SLOTS = 256;
    static final int SLOT_BYTES = 64;
    static final long END = OFFSET + (long) SLOTS * SLOT_BYTES;
    /** A slot's value while its reader reads the shelf: below every sequence that frees anything. */
    static final long REGISTERING = 1;

    private static final VarHandle SEQUENCE = ValueLayout.JAVA_LONG.varHandle();

    private final FileChannel channel;
    private final MemorySegment table;

    /** @param table the mapped bytes {@code [OFFSET, END)} of the lock file {@code channel} reads */
    ReaderTable(FileChannel channel, MemorySegment table) {
        this.channel = channel;
        this.table = table;
    }

    /** A reader's claim on one slot. */
    final class Slot implements AutoCloseable {
        private final int index;
        private final FileLock lock;

        private Slot(int index, FileLock lock) {
            this.index = index;
            this.lock = lock;
        }

        /** Announces the snapshot this reader sees, or {@link #REGISTERING}; fenced against the writer. */
        void publish(long sequence) {
            SEQUENCE.setVolatile(table, slotOffset(index), sequence);
            table.set(ValueLayout.JAVA_LONG, slotOffset(index) + 8, ProcessHandle.current().pid());
            VarHandle.fullFence();
        }

        /** Empties the slot and lets it go. */
        @Override
        public void close() throws IOException {
            SEQUENCE.setVolatile(table, slotOffset(index), 0L);
            table.set(ValueLayout.JAVA_LONG, slotOffset(index) + 8, 0L);
            lock.release();
        }
    }

    /**
     * Claims a free slot.
     *
     * @return the slot, or null if all {@value #SLOTS} are taken by live readers
     */
    Slot claim() throws IOException {
        for (int index = 0; index < SLOTS; index++) {
            FileLock lock = tryLockSlot(index);
            if (lock != null) {
                var slot = new Slot(index, lock);
                slot.publish(REGISTERING);
                return slot;
            }
        }
        return null;
    }

    /**
     * The oldest snapshot a live reader sees, looking only at slots below {@code below} (readers at
     * or past it hold nothing back), or {@link Long#MAX_VALUE} if there is none. Slots of dead
     * readers are cleared on the way.
     */
    long oldestSnapshot(long below) throws IOException {
        VarHandle.fullFence();
        long oldest = Long.MAX_VALUE;
        for (int index = 0; index < SLOTS; index++) {
            long sequence = (long) SEQUENCE.getVolatile(table, slotOffset(index));
            if (sequence == 0 || sequence >= below || sequence >= oldest) {
                continue;
            }
            FileLock stale = tryLockSlot(index);
            if (stale == null) {
                oldest = sequence;
            } else {
                try {
                    SEQUENCE.setVolatile(table, slotOffset(index), 0L);
                } finally {
                    stale.release();
                }
            }
        }
        return oldest;
    }

    /** How many slots live readers hold. */
    int liveReaders() throws IOException {
        int live = 0;
        for (int index = 0; index < SLOTS; index++) {
            if ((long) SEQUENCE.getVolatile(table, slotOffset(index)) != 0) {
                FileLock stale = tryLockSlot(index);
                if (stale == null) {
                    live++;
                } else {
                    stale.release();
                }
            }
        }
        return live;
    }

    /** The lock on slot {@code index}, or null if a live reader (in any process, this one too) has it. */
    private FileLock tryLockSlot(int index) throws IOException {
        try {
            return channel.tryLock(OFFSET + slotOffset(index), 1, false);
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static long slotOffset(int index) {
        return (long) index * SLOT_BYTES;
    }
}
