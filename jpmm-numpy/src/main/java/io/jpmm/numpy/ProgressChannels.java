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
        return new ReadableByteChannel() {
            private long done;

            @Override
            public int read(ByteBuffer target) throws IOException {
                int limit = target.limit();
                target.limit(Math.min(limit, target.position() + STEP));
                try {
                    int read = channel.read(target);
                    if (read > 0) {
                        done += read;
                        progress.advanced(done, total);
                    }
                    return read;
                } finally {
                    target.limit(limit);
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

    static WritableByteChannel writing(WritableByteChannel channel, long total, Progress progress) {
        return new WritableByteChannel() {
            private long done;

            @Override
            public int write(ByteBuffer source) throws IOException {
                int limit = source.limit();
                source.limit(Math.min(limit, source.position() + STEP));
                try {
                    int written = channel.write(source);
                    done += written;
                    progress.advanced(done, total);
                    return written;
                } finally {
                    source.limit(limit);
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
}
