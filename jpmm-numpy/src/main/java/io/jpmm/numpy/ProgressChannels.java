package io.jpmm.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Channels that report their progress every few MiB. */
final class ProgressChannels {
    /** Most bytes moved per call, so progress shows even when one read could fill a whole GiB. */
    private static final int STEP = 16 << 20;

    private ProgressChannels() {
    }

    static ReadableByteChannel reading(ReadableByteChannel channel, long total, Progress progress) {
        var counter = new Counter(total, progress);
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer target) throws IOException {
                return counter.step(target, channel::read);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    static WritableByteChannel writing(WritableByteChannel channel, long total, Progress progress) {
        var counter = new Counter(total, progress);
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) throws IOException {
                return counter.step(source, channel::write);
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @FunctionalInterface
    private interface Transfer {
        int move(ByteBuffer buffer) throws IOException;
    }

    /** Moves at most {@link #STEP} bytes per call and reports the running total. */
    private static final class Counter {
        private final long total;
        private final Progress progress;
        private long done;

        Counter(long total, Progress progress) {
            this.total = total;
            this.progress = progress;
        }

        int step(ByteBuffer buffer, Transfer transfer) throws IOException {
            int limit = buffer.limit();
            buffer.limit(Math.min(limit, buffer.position() + STEP));
            try {
                int moved = transfer.move(buffer);
                if (moved > 0) {
                    done += moved;
                    progress.advanced(done, total);
                }
                return moved;
            } finally {
                buffer.limit(limit);
            }
        }
    }
}
