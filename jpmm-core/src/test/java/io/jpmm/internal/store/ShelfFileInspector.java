package io.jpmm.internal.store;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Reads and damages shelf files from the outside, the way a test of recovery needs to. */
final class ShelfFileInspector {

    private ShelfFileInspector() {
    }

    static byte[] read(Path file, long offset, int length) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            channel.read(buffer, offset);
            return buffer.array();
        }
    }

    static void write(Path file, long offset, byte[] bytes) throws IOException {
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] value = read(file, offset, 1);
        value[0] ^= 0x5A;
        write(file, offset, value);
    }

    static SuperblockCodec.Slot slot(Path file, int slot) throws IOException {
        return SuperblockCodec.decode(MemorySegment.ofArray(read(file, (long) slot * Layout.SLOT_SIZE, Layout.SLOT_SIZE)));
    }

    /** The valid superblock with the highest generation. */
    static Superblock current(Path file) throws IOException {
        Superblock best = null;
        for (int slot = 0; slot < Layout.SLOT_COUNT; slot++) {
            if (slot(file, slot) instanceof SuperblockCodec.Slot.Valid(Superblock superblock)
                    && (best == null || superblock.generation() > best.generation())) {
                best = superblock;
            }
        }
        return best;
    }

    /** The slot holding the current superblock. */
    static int currentSlot(Path file) throws IOException {
        return (int) (current(file).generation() % Layout.SLOT_COUNT);
    }

    /** The record of the frame at file offset {@code frameOffset} of the active half. */
    static LogRecord recordAt(Path file, long frameOffset) throws Exception {
        Superblock superblock = current(file);
        long halfOffset = superblock.halfOffset(superblock.activeHalf());
        MemorySegment half = MemorySegment.ofArray(read(file, halfOffset, (int) superblock.halfCapacity()));
        return ((RecordCodec.Read.Frame) RecordCodec.read(half, frameOffset - halfOffset, superblock.logFormat())).record();
    }

    /** Writes {@code record} as the frame after the last one of the active half, as jpmm would commit it. */
    static void appendFrame(Path file, LogRecord record) throws Exception {
        Superblock superblock = current(file);
        List<Long> frames = framesOfActiveHalf(file);
        long last = frames.getLast();
        long halfOffset = superblock.halfOffset(superblock.activeHalf());
        MemorySegment half = MemorySegment.ofArray(read(file, halfOffset, (int) superblock.halfCapacity()));
        int length = ((RecordCodec.Read.Frame) RecordCodec.read(half, last - halfOffset, superblock.logFormat())).length();
        long next = last + Layout.alignUp(length, superblock.frameAlignment());
        write(file, next, RecordCodec.encode(record, superblock.startSequence() + frames.size(), superblock.logNonce()));
    }

    /** File offsets of the frames of the active log half, checkpoint first. */
    static List<Long> framesOfActiveHalf(Path file) throws Exception {
        Superblock superblock = current(file);
        long halfOffset = superblock.halfOffset(superblock.activeHalf());
        MemorySegment half = MemorySegment.ofArray(read(file, halfOffset, (int) superblock.halfCapacity()));
        List<Long> frames = new ArrayList<>();
        long position = 0;
        long sequence = superblock.startSequence();
        while (RecordCodec.read(half, position, superblock.logFormat()) instanceof RecordCodec.Read.Frame frame
                && frame.sequence() == sequence) {
            frames.add(halfOffset + position);
            position += Layout.alignUp(frame.length(), superblock.frameAlignment());
            sequence++;
        }
        return frames;
    }
}
