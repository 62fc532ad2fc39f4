package io.jpmm.internal.store;

import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One consistent reading of a shelf's metadata: the current superblock, the replayed log, and the
 * free space they leave. Recovery reads one; a reader reads one when it opens and on each refresh,
 * while a writer in another process may be committing.
 *
 * <p>A writer never changes a committed frame, but a checkpoint reuses the other log half, a log
 * move frees the old pair, and a frame may be half written at the tail. So a reader beside a writer
 * reads again if the superblock changed while it read, or if what it read made no sense (a
 * frame half-written when looked at, whole a moment later, looks like a damaged log): real damage
 * reads the same every time, and is reported after {@value #ATTEMPTS} readings.
 *
 * @param deferred extents changes displaced while readers may still see them, held back from the
 *                 free space until they are not
 */
record Snapshot(Superblocks superblocks, CommitLog log, LogReader.Replay replay, Allocator allocator,
                List<LogRecord.DeferredFree> deferred) {
    static final int ATTEMPTS = 50;

    /** The sequence number of the last commit this snapshot includes. */
    long sequence() {
        return replay.lastSequence();
    }

    Catalog catalog() {
        return replay.catalog();
    }

    /**
     * Reads a snapshot.
     *
     * @param slots        the mapped superblock slots ({@link Superblocks#map}), mapped once per open
     *                     shelf: a reader refreshing thousands of times must not map them each time
     * @param writerMayRun whether a writer may be committing meanwhile: then a reading spoiled by
     *                     its commits is done again
     */
    static Snapshot read(MediumFile file, MemorySegment slots, boolean writerMayRun) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Superblocks superblocks = Superblocks.load(file, slots);
            Superblock superblock = superblocks.current();
            CommitLog.Opened opened = null;
            try {
                requireLength(file, superblock);
                opened = CommitLog.open(file, superblocks);
                var replay = opened.replay();
                Snapshot snapshot = new Snapshot(superblocks, opened.log(), replay, null, List.of());
                if (!writerMayRun || superblocks.latestGeneration() == superblock.generation()) {
                    return snapshot.withSpace(file.path());
                }
            } catch (StoreException unreadable) {
                if (!writerMayRun || unreadable.reason() != StoreException.Reason.CORRUPTED || attempt >= ATTEMPTS) {
                    throw unreadable;
                }
            }
            if (opened != null) {
                opened.log().close();
            }
            if (attempt >= ATTEMPTS) {
                throw StoreException.failed(file.path() + " changed " + ATTEMPTS + " times while it was being read;"
                        + " its writer commits faster than this reader can follow", null);
            }
            Thread.onSpinWait();
        }
    }

    /** A file shorter than its superblock says was truncated; a reader looks again first, the writer may have grown it. */
    private static void requireLength(MediumFile file, Superblock superblock) throws IOException {
        if (file.refreshLength() < superblock.fileLength()) {
            throw StoreException.corrupted(file.path(), file.length(), "the file is " + file.length()
                    + " bytes but its superblock says " + superblock.fileLength() + ": it was truncated");
        }
    }

    /**
     * Free space is whatever the regions hold beyond the log, the committed variables, the undo
     * copies of a transaction a crash left open, and extents freed while readers might see them.
     */
    private Snapshot withSpace(Path file) {
        Superblock superblock = superblocks.current();
        Allocator allocator = new Allocator(superblock.regions(), superblock.allocationUnit());
        if (!allocator.reserve(superblock.logPair())) {
            throw StoreException.corrupted(file, superblock.logPair().offset(), "the commit log lies outside the regions");
        }
        for (CatalogEntry entry : replay.catalog().values()) {
            if (entry.extent().offset() % superblock.allocationUnit() != 0) {
                throw StoreException.corrupted(file, entry.extent().offset(), "variable \"" + entry.name()
                        + "\" starts at " + entry.extent().offset() + ", not on the shelf's allocation unit of "
                        + superblock.allocationUnit() + " bytes");
            }
            if (!allocator.reserve(entry.extent())) {
                throw StoreException.corrupted(file, entry.extent().offset(), "variable \"" + entry.name()
                        + "\" occupies " + entry.extent() + ", which overlaps the log or another variable,"
                        + " or lies outside the shelf's regions");
            }
        }
        for (LogRecord.TransactionUndo undo : replay.openUndo()) {
            if (!allocator.reserve(undo.copies())) {
                throw StoreException.corrupted(file, undo.copies().offset(), "the undo copies of an unfinished"
                        + " transaction occupy " + undo.copies() + ", which overlaps a variable or the log");
            }
        }
        return new Snapshot(superblocks, log, replay, allocator, reserveDeferred(allocator));
    }

    /**
     * Holds back the extents the log says were displaced while readers might see them. Newest first:
     * an extent that overlaps something held already was freed and reused after it was displaced,
     * which the writer did only once no reader could see it, so it is free.
     */
    private List<LogRecord.DeferredFree> reserveDeferred(Allocator allocator) {
        List<LogRecord.DeferredFree> newestFirst = new ArrayList<>(replay.deferred());
        newestFirst.sort(Comparator.comparingLong(LogRecord.DeferredFree::sequence).reversed());
        List<LogRecord.DeferredFree> held = new ArrayList<>();
        for (LogRecord.DeferredFree free : newestFirst) {
            if (free.extent().length() > 0 && allocator.reserve(free.extent())) {
                held.add(free);
            }
        }
        return held;
    }
}
