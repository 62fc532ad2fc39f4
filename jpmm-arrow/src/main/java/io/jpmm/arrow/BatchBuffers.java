package io.jpmm.arrow;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.arrow.flatbuf.BodyCompression;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.flatbuf.RecordBatch;

/**
 * The buffers of one record batch: slices of the mapped body where it is uncompressed; where the
 * writer compressed it (LZ4 frame or ZSTD, each buffer prefixed by its uncompressed length, -1 for
 * a buffer left uncompressed), decompressed into memory that lives until {@link #close()}.
 */
final class BatchBuffers implements AutoCloseable {
    private final RecordBatch batch;
    private final MemorySegment body;
    private final String where;
    private final int codec;
    private final Arena arena = Arena.ofConfined();

    BatchBuffers(RecordBatch batch, MemorySegment body, String where) throws ArrowFormatException {
        this.batch = batch;
        this.body = body;
        this.where = where;
        BodyCompression compression = batch.compression();
        this.codec = compression == null ? -1 : compression.codec();
        if (codec != -1 && codec != CompressionType.LZ4_FRAME && codec != CompressionType.ZSTD) {
            throw new ArrowFormatException(where + "is compressed with unknown codec " + codec);
        }
    }

    long rows() {
        return batch.length();
    }

    int count() {
        return batch.buffersLength();
    }

    /** Buffer {@code index}, uncompressed. */
    MemorySegment get(int index) throws ArrowFormatException {
        if (index >= batch.buffersLength()) {
            throw new ArrowFormatException(where + "has " + batch.buffersLength() + " buffers; its columns need more");
        }
        Buffer buffer = batch.buffers(index);
        long offset = buffer.offset();
        long length = buffer.length();
        if (offset < 0 || length < 0 || offset > body.byteSize() - length) {
            throw new ArrowFormatException(where + "buffer " + index + " at " + offset + " of " + length
                    + " bytes lies outside the body of " + body.byteSize() + " bytes");
        }
        MemorySegment stored = body.asSlice(offset, length);
        if (codec == -1 || length == 0) {
            return stored;
        }
        if (length < 8) {
            throw new ArrowFormatException(where + "compressed buffer " + index + " has no length prefix");
        }
        long uncompressed = stored.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        MemorySegment data = stored.asSlice(8);
        if (uncompressed == -1) {
            return data;
        }
        if (uncompressed < 0 || uncompressed > Integer.MAX_VALUE - 8) {
            throw new ArrowFormatException(where + "compressed buffer " + index + " claims " + uncompressed
                    + " bytes; jpmm decompresses buffers of up to 2 GiB");
        }
        byte[] out = new byte[(int) uncompressed];
        try {
            int produced = codec == CompressionType.ZSTD ? zstd(data, out) : lz4(data, out);
            if (produced != out.length) {
                throw new ArrowFormatException(where + "buffer " + index + " decompressed to " + produced
                        + " bytes, not the " + out.length + " its prefix says");
            }
        } catch (IOException | RuntimeException corrupt) {
            if (corrupt instanceof ArrowFormatException known) {
                throw known;
            }
            throw new ArrowFormatException(where + "buffer " + index + " does not decompress: " + corrupt.getMessage(), corrupt);
        }
        MemorySegment copy = arena.allocate(out.length, 8);
        MemorySegment.copy(MemorySegment.ofArray(out), 0, copy, 0, out.length);
        return copy;
    }

    private static int lz4(MemorySegment data, byte[] out) throws IOException {
        // The pure-Java decompressor and checksum: no JNI, no Unsafe.
        try (InputStream in = new LZ4FrameInputStream(new SegmentInputStream(data),
                LZ4Factory.safeInstance().safeDecompressor(), XXHashFactory.safeInstance().hash32())) {
            int total = 0;
            while (total < out.length) {
                int read = in.read(out, total, out.length - total);
                if (read < 0) {
                    break;
                }
                total += read;
            }
            if (total == out.length && in.read() >= 0) {
                return total + 1;
            }
            return total;
        }
    }

    private static int zstd(MemorySegment data, byte[] out) {
        byte[] compressed = data.toArray(ValueLayout.JAVA_BYTE);
        long produced = Zstd.decompressByteArray(out, 0, out.length, compressed, 0, compressed.length);
        if (Zstd.isError(produced)) {
            throw new IllegalStateException(Zstd.getErrorName(produced));
        }
        return (int) produced;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** A memory segment as an input stream, for the LZ4 frame reader. */
    private static final class SegmentInputStream extends InputStream {
        private final MemorySegment data;
        private long position;

        SegmentInputStream(MemorySegment data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.byteSize() ? Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, position++)) : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= data.byteSize()) {
                return length == 0 ? 0 : -1;
            }
            int count = (int) Math.min(length, data.byteSize() - position);
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, position, target, offset, count);
            position += count;
            return count;
        }
    }
}
