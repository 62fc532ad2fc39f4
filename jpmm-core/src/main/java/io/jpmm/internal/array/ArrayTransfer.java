package io.jpmm.internal.array;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Moves an array's elements between its memory and a channel, run by run, without a copy. */
public final class ArrayTransfer {
    /** A ByteBuffer view covers at most 2 GiB; larger runs move in chunks of this size. */
    private static final long CHUNK = 1L << 30;

    private ArrayTransfer() {
    }

    /** Moves one run of adjacent bytes. */
    @FunctionalInterface
    public interface RunTransfer {
        void transfer(MemorySegment run) throws IOException;
    }

    /** Hands each run of adjacent elements of the view to {@code transfer}; single elements when strided. */
    public static void forEachRun(MemorySegment memory, ArrayLayout layout, int itemSize, RunTransfer transfer) throws IOException {
        try {
            layout.forEachRow((offset, count, stride) -> {
                try {
                    if (stride == itemSize) {
                        transfer.transfer(memory.asSlice(offset, count * itemSize));
                    } else {
                        for (long i = 0; i < count; i++) {
                            transfer.transfer(memory.asSlice(offset + i * stride, itemSize));
                        }
                    }
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
            });
        } catch (UncheckedIOException wrapped) {
            throw wrapped.getCause();
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
        }
    }

    public static void writeFully(WritableByteChannel channel, MemorySegment run) throws IOException {
        for (long done = 0; done < run.byteSize(); done += CHUNK) {
            ByteBuffer buffer = run.asSlice(done, Math.min(CHUNK, run.byteSize() - done)).asByteBuffer();
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}
