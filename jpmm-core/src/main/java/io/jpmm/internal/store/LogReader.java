package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recovery's reading of the commit log: the checkpoint at the start of the active half, then every
 * intact frame of this log pair whose sequence number follows on, applied to a catalog. The first
 * frame that is torn or stale ends the log; that is how an interrupted commit disappears. An intact
 * later frame beyond that point cannot be a torn tail, so it is reported as corruption instead of
 * being silently dropped; so is a frame whose checksum holds but whose change makes no sense (an
 * erase of a variable that does not exist).
 */
final class LogReader {

    /**
     * What recovery found.
     *
     * @param catalog        the variables the checkpoint and the frames after it describe
     * @param openUndo       the undo records of a transaction that neither committed nor rolled back:
     *                       its ranges must get their old bytes back
     * @param deferred       extents freed while the log recorded them, with the sequence that freed
     *                       them: a reader of an older state may still read them
     * @param activeHalf     the half holding them
     * @param startSequence  the checkpoint's sequence number
     * @param tail           where the next frame goes, relative to the half
     * @param lastSequence   the last sequence number read
     * @param rolledForward  whether the superblock pointed at the other half: a checkpoint was
     *                       written there but the superblock naming it was lost
     */
    record Replay(Catalog catalog, List<LogRecord.TransactionUndo> openUndo, List<LogRecord.DeferredFree> deferred,
                  int activeHalf, long startSequence, long tail, long lastSequence, boolean rolledForward) {
    }

    private final Path file;
    private final MemorySegment pair;
    private final long pairOffset;
    private final long halfCapacity;
    private final int frameAlignment;
    private final LogFormat format;

    LogReader(Path file, MemorySegment pair, long pairOffset, int frameAlignment, LogFormat format) {
        this.file = file;
        this.pair = pair;
        this.pairOffset = pairOffset;
        this.halfCapacity = pair.byteSize() / 2;
        this.frameAlignment = frameAlignment;
        this.format = format;
    }

    /** Replays the half the superblock names, then rolls forward if the other half continues it. */
    Replay replay(int activeHalf, long startSequence) {
        Replay replay = replayHalf(activeHalf, startSequence);
        int otherHalf = 1 - activeHalf;
        if (checkpointSequence(otherHalf) == replay.lastSequence() + 1) {
            Replay forward = replayHalf(otherHalf, replay.lastSequence() + 1);
            return new Replay(forward.catalog(), forward.openUndo(), forward.deferred(), otherHalf,
                    forward.startSequence(), forward.tail(), forward.lastSequence(), true);
        }
        return replay;
    }

    private Replay replayHalf(int half, long startSequence) {
        MemorySegment log = pair.asSlice(half * halfCapacity, halfCapacity);
        Catalog catalog = new Catalog();
        List<LogRecord.TransactionUndo> openUndo = new ArrayList<>();
        List<LogRecord.DeferredFree> deferred = new ArrayList<>();
        long position = 0;
        long expected = startSequence;
        while (true) {
            RecordCodec.Read read = readAt(log, half, position);
            if (!(read instanceof RecordCodec.Read.Frame frame) || frame.sequence() != expected) {
                break;
            }
            boolean isCheckpoint = frame.record() instanceof LogRecord.Checkpoint;
            if (isCheckpoint != (position == 0)) {
                throw corrupted(half, position, "a checkpoint must start the log half and only there");
            }
            String inconsistency = catalog.inconsistency(frame.record());
            if (inconsistency != null) {
                throw corrupted(half, position, "the frame with sequence number " + frame.sequence() + " " + inconsistency);
            }
            for (CatalogEntry displaced : catalog.displacedBy(frame.record())) {
                deferred.add(new LogRecord.DeferredFree(frame.sequence(), displaced.extent()));
            }
            switch (frame.record()) {
                case LogRecord.Checkpoint checkpoint -> {
                    openUndo.addAll(checkpoint.openUndo());
                    deferred.addAll(checkpoint.deferred());
                }
                case LogRecord.TransactionUndo undo -> openUndo.add(undo);
                case LogRecord.TransactionCommit commit -> openUndo.clear();
                case LogRecord.TransactionRollback rollback -> openUndo.clear();
                default -> {
                }
            }
            catalog.apply(frame.record());
            position += Layout.alignUp(frame.length(), frameAlignment);
            expected++;
        }
        if (position == 0) {
            throw corrupted(half, 0, "expected the checkpoint with sequence number " + startSequence
                    + " that the superblock names");
        }
        requireNoLaterFrame(log, half, position, expected - 1);
        return new Replay(catalog, openUndo, deferred, half, startSequence, position, expected - 1, false);
    }

    /** The sequence number of an intact checkpoint at the start of {@code half}, or -1. */
    private long checkpointSequence(int half) {
        MemorySegment log = pair.asSlice(half * halfCapacity, halfCapacity);
        try {
            return RecordCodec.read(log, 0, format) instanceof RecordCodec.Read.Frame frame
                    && frame.record() instanceof LogRecord.Checkpoint ? frame.sequence() : -1;
        } catch (RecordCodec.MalformedRecordException staleOrDamaged) {
            return -1;
        }
    }

    /**
     * Frames are written one at a time, each made durable before the next and each in write units of
     * its own, so nothing intact and newer can follow the first bad frame unless committed bytes were
     * damaged.
     */
    private void requireNoLaterFrame(MemorySegment log, int half, long tail, long lastSequence) {
        for (long position = tail; position + RecordCodec.HEADER_BYTES <= log.byteSize(); position += frameAlignment) {
            if (RecordCodec.intactSequenceAt(log, position, format) > lastSequence) {
                throw corrupted(half, tail, "the frame after sequence number " + lastSequence
                        + " is damaged, but later commits follow it at offset " + (pairOffset + half * halfCapacity + position));
            }
        }
    }

    private RecordCodec.Read readAt(MemorySegment log, int half, long position) {
        try {
            return RecordCodec.read(log, position, format);
        } catch (RecordCodec.MalformedRecordException malformed) {
            throw corrupted(half, position, malformed.getMessage());
        }
    }

    private StoreException corrupted(int half, long position, String problem) {
        return StoreException.corrupted(file, pairOffset + half * halfCapacity + position, "commit log: " + problem);
    }
}
