package io.jpmm.numpy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/** A channel that reports its progress every few MiB, reading or writing. */
final class ProgressChannels {
    /** Most bytes moved per call, so progress shows even when one read could fill a whole GiB. */
    private static final int STEP = 16 << 20;

    private ProgressChannels() {
    }

    /** {@code channel}, reporting to {@code progress} the bytes moved so far out of {@code total}. */
    static ByteChannel counting(ByteChannel channel, long total, Progress progress) {
        return new ByteChannel() {
            private long done;

            @Override
            public int read(ByteBuffer target) throws IOException {
                return step(target, channel::read);
            }

            @Override
            public int write(ByteBuffer source) throws IOException {
                return step(source, channel::write);
            }

            private int step(ByteBuffer buffer, Transfer transfer) throws IOException {
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
}
