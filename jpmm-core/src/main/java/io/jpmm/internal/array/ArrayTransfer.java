package io.jpmm.internal.array;

import io.jpmm.internal.medium.Residency;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Moves an array's elements between its memory and a channel in C order. A contiguous view moves
 * straight between the channel and its memory (for a shelved array, the mapped shelf); a strided
 * view goes through a small staging buffer, so a transposed or sliced view costs one system call
 * per buffer, not per element.
 */
public final class ArrayTransfer {
    /**
     * Bytes per channel call. Small enough that an array's memory is never held by the channel for
     * long (a shelf can retire a mapping only between calls), large enough that calls are cheap.
     */
    private static final int CHUNK = 8 << 20;
    private static final int STAGING = 1 << 20;

    private ArrayTransfer() {
    }

    /** Fills the view {@code layout} of {@code memory} from {@code channel}. */
    public static void read(ReadableByteChannel channel, MemorySegment memory, ArrayLayout layout, int itemSize)
            throws IOException {
        if (layout.isContiguous()) {
            readFully(channel, memory.asSlice(layout.offset(), layout.byteSize()));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            var staging = new Staging(arena, layout.byteSize(), itemSize);
            unchecked(() -> layout.forEachRow((offset, count, stride) -> io(() -> {
                for (long done = 0; done < count; ) {
                    MemorySegment staged = staging.filledFrom(channel);
                    long elements = Math.min(count - done, staged.byteSize() / itemSize);
                    for (long i = 0; i < elements; i++) {
                        MemorySegment.copy(staged, i * itemSize, memory, offset + (done + i) * stride, itemSize);
                    }
                    staging.consumed(elements * itemSize);
                    done += elements;
                }
            })));
        }
    }

    /** Writes the view {@code layout} of {@code memory} to {@code channel}. */
    public static void write(WritableByteChannel channel, MemorySegment memory, ArrayLayout layout, int itemSize)
            throws IOException {
        if (layout.isContiguous()) {
            writeFully(channel, memory.asSlice(layout.offset(), layout.byteSize()));
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            var staging = new Staging(arena, layout.byteSize(), itemSize);
            unchecked(() -> layout.forEachRow((offset, count, stride) -> io(() -> {
                for (long done = 0; done < count; ) {
                    MemorySegment space = staging.space();
                    long elements = Math.min(count - done, space.byteSize() / itemSize);
                    for (long i = 0; i < elements; i++) {
                        MemorySegment.copy(memory, offset + (done + i) * stride, space, i * itemSize, itemSize);
                    }
                    staging.staged(elements * itemSize, channel);
                    done += elements;
                }
            })));
            staging.drain(channel);
        }
    }

    public static void readFully(ReadableByteChannel channel, MemorySegment run) throws IOException {
        for (long done = 0; done < run.byteSize(); done += CHUNK) {
            ByteBuffer buffer = run.asSlice(done, Math.min(CHUNK, run.byteSize() - done)).asByteBuffer();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException("the channel ended " + (run.byteSize() - done - buffer.position())
                            + " bytes before the array was full");
                }
            }
            Residency.copied(run, 0, done + CHUNK);
        }
    }

    public static void writeFully(WritableByteChannel channel, MemorySegment run) throws IOException {
        for (long done = 0; done < run.byteSize(); done += CHUNK) {
            ByteBuffer buffer = run.asSlice(done, Math.min(CHUNK, run.byteSize() - done)).asByteBuffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            Residency.copied(run, 0, done + CHUNK);
        }
    }

    /** A buffer of whole elements between a channel and a strided view. */
    private static final class Staging {
        private final MemorySegment buffer;
        private long remaining;
        private long start;
        private long end;

        Staging(Arena arena, long total, int itemSize) {
            this.buffer = arena.allocate(Math.max(itemSize, Math.min(total, STAGING - STAGING % itemSize)));
            this.remaining = total;
        }

        /** The staged bytes not yet consumed, refilled from {@code channel} when none are left. */
        MemorySegment filledFrom(ReadableByteChannel channel) throws IOException {
            if (start == end) {
                long size = Math.min(buffer.byteSize(), remaining);
                readFully(channel, buffer.asSlice(0, size));
                remaining -= size;
                start = 0;
                end = size;
            }
            return buffer.asSlice(start, end - start);
        }

        void consumed(long bytes) {
            start += bytes;
        }

        /** The free part of the buffer. */
        MemorySegment space() {
            return buffer.asSlice(end);
        }

        /** Marks {@code bytes} of {@link #space()} as staged, writing the buffer out when it is full. */
        void staged(long bytes, WritableByteChannel channel) throws IOException {
            end += bytes;
            if (end == buffer.byteSize()) {
                drain(channel);
            }
        }

        void drain(WritableByteChannel channel) throws IOException {
            writeFully(channel, buffer.asSlice(0, end));
            end = 0;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Runs a row walk whose visitor does I/O; the visitor's {@link IOException} comes out unwrapped. */
    private static void unchecked(Runnable walk) throws IOException {
        try {
            walk.run();
        } catch (UncheckedIOException wrapped) {
            throw wrapped.getCause();
        }
    }
}
