package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Supplier;

/**
 * The write side of the commit log. A change is committed when its frame is durable: that single
 * {@link MediumFile#persist} is the commit point of every put, erase and rename.
 *
 * <p>The log is a pair of halves. When the active half is full, the whole catalog (including the
 * change being committed) is written as a checkpoint at the start of the other half, and then a new
 * superblock names that half: the superblock write is the commit point in that case. When the
 * catalog outgrows half of a half, the pair moves to a larger extent. Every frame carries the
 * pair's nonce, a random number chosen whenever the log moves (or its format is upgraded), so
 * frames left in reused space by an earlier log, or bytes of an erased variable that look like
 * frames, are never read as commits. Not thread-safe: the store calls it under its lock.
 */
final class CommitLog implements AutoCloseable {
    private final MediumFile file;
    private final Superblocks superblocks;
    private Arena pairArena;
    private MemorySegment pair;
    private int activeHalf;
    private long activeStartSequence;
    private long position;
    private long nextSequence;

    private CommitLog(MediumFile file, Superblocks superblocks, Arena pairArena, MemorySegment pair,
                      LogReader.Replay replay) {
        this.file = file;
        this.superblocks = superblocks;
        this.pairArena = pairArena;
        this.pair = pair;
        this.activeHalf = replay.activeHalf();
        this.activeStartSequence = replay.startSequence();
        this.position = replay.tail();
        this.nextSequence = replay.lastSequence() + 1;
    }

    /**
     * A new random nonce for a log pair. Never below 2<sup>16</sup>, so that no frame of format
     * version 1 (whose type field lies where the nonce is) can be mistaken for one carrying it.
     */
    static long newNonce() {
        long nonce;
        do {
            nonce = RandomBits.nextLong();
        } while (nonce >= 0 && nonce < 1 << 16);
        return nonce;
    }

    /** Writes the empty checkpoint of a new shelf into half 0 of {@code pairExtent}. */
    static void initialize(MediumFile file, Extent pairExtent, long nonce) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pair = file.map(pairExtent.offset(), pairExtent.length(), arena);
            writeZeros(file, pair);
            writeFrame(file, pair, 0, RecordCodec.encode(new LogRecord.Checkpoint(List.of()), 1, nonce));
        }
    }

    /**
     * Writes zeros over a new log pair through its mapping, {@code mapped}, and flushes them. File
     * systems hand out reserved space as "unwritten" (ext4 and XFS after {@code fallocate}): the
     * first write into each block changes the file's metadata, and the flush of a small commit
     * landing there waits for a journal commit as well. Written once here, every later commit is a
     * plain overwrite. Through the mapping, not with {@code pwrite}: a large write leaves the pages
     * in the page cache as large folios (ext4 since Linux 6.16), and a commit that then changes
     * 4 KiB of one makes its flush write the whole folio (338 KiB per 8-byte commit on this VM's
     * kernel, against 4 KiB through the mapping).
     */
    private static void writeZeros(MediumFile file, MemorySegment mapped) throws IOException {
        mapped.fill((byte) 0);
        file.persist(mapped);
    }

    /** Opens the log of a loaded shelf and replays it. */
    static Opened open(MediumFile file, Superblocks superblocks) throws IOException {
        Superblock superblock = superblocks.current();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment pair = file.map(superblock.logPair().offset(), superblock.logPair().length(), arena);
            var replay = reader(file, pair, superblock).replay(superblock.activeHalf(), superblock.startSequence());
            var log = new CommitLog(file, superblocks, arena, pair, replay);
            return new Opened(log, replay);
        } catch (RuntimeException | IOException failure) {
            arena.close();
            throw failure;
        }
    }

    /** A reader of the log {@code superblock} names, mapped as {@code pair}. */
    static LogReader reader(MediumFile file, MemorySegment pair, Superblock superblock) {
        return new LogReader(file.path(), pair, superblock.logPair().offset(), superblock.frameAlignment(),
                superblock.logFormat());
    }

    /** A log ready for appends and what recovery read from it. */
    record Opened(CommitLog log, LogReader.Replay replay) {
    }

    /** The mapped log pair, for re-reading it. */
    MemorySegment pairSegment() {
        return pair;
    }

    Extent pairExtent() {
        return superblocks.current().logPair();
    }

    /**
     * Writes the log's current state as a new superblock into the spare slot: after recovery rolled
     * forward (so the next open need not), or to replace a spare slot an interrupted write damaged.
     */
    void rewriteSuperblock() throws IOException {
        Superblock current = superblocks.current();
        superblocks.write(current.next(current.logPair(), activeHalf, activeStartSequence, current.frameAlignment(),
                current.logNonce()));
    }

    /**
     * Rewrites a log of an older format version in the current one: the whole catalog as a
     * checkpoint, with a new nonce, in the inactive half (or a larger pair), then a superblock of the
     * current version naming it. A crash before that superblock is durable leaves the old version,
     * which the next writer upgrades again.
     */
    void upgrade(LogRecord.Checkpoint state, ShelfSpace space) throws IOException {
        int from = superblocks.current().version();
        checkpoint(state, space);
        Log.info(() -> file.path() + ": upgraded the shelf file from format version " + from + " to "
                + Layout.FORMAT_VERSION);
    }

    /**
     * Makes {@code record} durable.
     *
     * @param stateAfter the whole state with {@code record} applied, needed only if a checkpoint is due
     * @param space      space for a larger log if the catalog has outgrown this one
     * @throws StoreException with {@link StoreException.Reason#FULL} if a larger log is needed and
     *                        there is no room for it; nothing changed
     */
    void commit(LogRecord record, Supplier<LogRecord.Checkpoint> stateAfter, ShelfSpace space) throws IOException {
        if (position + RecordCodec.frameSize(record) <= halfCapacity()) {
            // Each frame starts a write unit of its own: a torn write of this frame cannot damage the last.
            byte[] frame = RecordCodec.encode(record, nextSequence, superblocks.current().logNonce());
            MemorySegment target = activeHalfSegment().asSlice(position, frame.length);
            target.copyFrom(MemorySegment.ofArray(frame));
            file.persist(target);
            position += Layout.alignUp(frame.length, frameAlignment());
            nextSequence++;
            return;
        }
        checkpoint(stateAfter.get(), space);
    }

    private void checkpoint(LogRecord.Checkpoint state, ShelfSpace space) throws IOException {
        Superblock current = superblocks.current();
        // The pair keeps its nonce while it stays where it is in the current format; it gets a new
        // one when it moves or is upgraded, so nothing written under the old one can be read as new.
        long nonce = current.version() == Layout.FORMAT_VERSION ? current.logNonce() : newNonce();
        byte[] frame = RecordCodec.encode(state, nextSequence, nonce);
        int alignment = file.writeUnit();
        long needed = Layout.alignUp(frame.length, alignment);
        if (needed > halfCapacity() / 2) {
            var larger = space.tryAllocate(2 * largerHalf(needed));
            if (larger.isPresent()) {
                relocate(larger.get(), state, space);
                return;
            }
            if (needed > halfCapacity()) {
                throw StoreException.full("the catalog of " + state.entries().size() + " variables needs a commit log of "
                        + 2 * largerHalf(needed) + " bytes; " + space.freeBytes() + " bytes are free, in pieces up to "
                        + space.largestFree() + " bytes", 2 * largerHalf(needed), space.freeBytes());
            }
        }
        if (needed > halfCapacity() / CHECKPOINT_SHARE) {
            long roomier = Long.highestOneBit(2 * CHECKPOINT_SHARE * needed - 1);
            if (2 * roomier <= current.fileLength() / LOG_SHARE_OF_SHELF) {
                var larger = space.tryAllocateFree(2 * roomier);
                if (larger.isPresent()) {
                    relocate(larger.get(), state, space);
                    return;
                }
            }
        }
        int target = 1 - activeHalf;
        writeFrame(file, halfSegment(target), 0, frame);
        superblocks.write(current.next(pairExtent(), target, nextSequence, alignment, nonce));
        Log.debug(() -> file.path().getFileName() + ": checkpoint of " + state.entries().size() + " variables at sequence "
                + nextSequence + " in log half " + target);
        activeHalf = target;
        activeStartSequence = nextSequence;
        position = needed;
        nextSequence++;
    }

    /**
     * A checkpoint rewrites the whole catalog, small values included, and costs the commit that
     * writes it two flushes more. Once it fills more than this share of a half, the log moves to a
     * pair whose halves hold it this many times over, space allowing: with 100 values of 4 KiB on a
     * 64 MiB shelf, one commit in 75 wrote a checkpoint, which alone set the 99th percentile of a
     * commit's latency at 2.1 ms.
     */
    private static final int CHECKPOINT_SHARE = 4;
    /** The largest log pair that {@link #CHECKPOINT_SHARE} moves to: a sixteenth of the shelf, in free space. */
    private static final int LOG_SHARE_OF_SHELF = 16;

    private long largerHalf(long checkpointBytes) {
        return Math.max(2 * halfCapacity(), Long.highestOneBit(4 * checkpointBytes - 1));
    }

    /** Moves the log to {@code newPair}, writing the checkpoint there first, under a new nonce. */
    private void relocate(Extent newPair, LogRecord.Checkpoint state, ShelfSpace space) throws IOException {
        Extent oldPair = pairExtent();
        long nonce = newNonce();
        byte[] checkpoint = RecordCodec.encode(state, nextSequence, nonce);
        Arena newArena = Arena.ofShared();
        MemorySegment mapped;
        try {
            mapped = file.map(newPair.offset(), newPair.length(), newArena);
            writeZeros(file, mapped);
            writeFrame(file, mapped, 0, checkpoint);
            superblocks.write(superblocks.current().next(newPair, 0, nextSequence, file.writeUnit(), nonce));
        } catch (IOException | RuntimeException failure) {
            newArena.close();
            space.release(newPair);
            throw failure;
        }
        // The older superblock still names the old pair; wreck its checkpoints so that superblock can
        // never bring back a state older than the one just committed.
        for (int half = 0; half < 2; half++) {
            MemorySegment head = halfSegment(half).asSlice(0, RecordCodec.HEADER_BYTES);
            head.fill((byte) 0);
            file.persist(head);
        }
        pairArena.close();
        // A reader may be reading the old pair this moment; it notices the new superblock and reads again.
        space.releaseAfter(oldPair, nextSequence);
        Log.debug(() -> file.path().getFileName() + ": commit log moved from " + oldPair + " to " + newPair);
        pairArena = newArena;
        pair = mapped;
        activeHalf = 0;
        activeStartSequence = nextSequence;
        position = Layout.alignUp(checkpoint.length, file.writeUnit());
        nextSequence++;
    }

    /** The sequence number of the last commit. */
    long lastSequence() {
        return nextSequence - 1;
    }

    /** Where frames of the active half start: the write unit of the medium that began the half. */
    private int frameAlignment() {
        return superblocks.current().frameAlignment();
    }

    private long halfCapacity() {
        return pair.byteSize() / 2;
    }

    private MemorySegment activeHalfSegment() {
        return halfSegment(activeHalf);
    }

    private MemorySegment halfSegment(int half) {
        return pair.asSlice(half * halfCapacity(), halfCapacity());
    }

    private static void writeFrame(MediumFile file, MemorySegment half, long at, byte[] frame) throws IOException {
        MemorySegment target = half.asSlice(at, frame.length);
        target.copyFrom(MemorySegment.ofArray(frame));
        file.persist(target);
    }

    @Override
    public void close() {
        pairArena.close();
    }
}
