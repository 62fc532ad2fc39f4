package io.jpmm.zarr;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The gzip codec's compression in native memory: the JDK's {@link Deflater} reading and writing
 * direct buffers, framed as {@code GZIPOutputStream} frames it (RFC 1952: a 10-byte header, the raw
 * deflate stream, CRC32 and length). {@code GZIPOutputStream} itself only takes heap arrays, and a
 * push never copies shelved data into the heap.
 */
final class Gzip {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private Gzip() {
    }

    static MemorySegment compress(MemorySegment input, int level, Arena arena) {
        long size = input.byteSize();
        // zlib's compressBound, which no raw deflate stream exceeds, plus the frame.
        long bound = size + (size >> 12) + (size >> 14) + (size >> 25) + 13 + HEADER.length + 8;
        MemorySegment out = arena.allocate(bound);
        out.asSlice(0, HEADER.length).copyFrom(MemorySegment.ofArray(HEADER));
        ByteBuffer source = Codecs.direct(input, arena);
        ByteBuffer target = out.asSlice(HEADER.length, bound - HEADER.length - 8).asByteBuffer();
        var deflater = new Deflater(level, true);
        try {
            deflater.setInput(source);
            deflater.finish();
            while (!deflater.finished()) {
                if (deflater.deflate(target) == 0 && !target.hasRemaining()) {
                    throw new IllegalStateException("deflate exceeded its bound of " + bound + " bytes");
                }
            }
        } finally {
            deflater.end();
        }
        long end = HEADER.length + target.position();
        var crc = new CRC32();
        crc.update(source.rewind());
        out.set(ValueLayout.JAVA_INT_UNALIGNED, end, (int) crc.getValue());
        out.set(ValueLayout.JAVA_INT_UNALIGNED, end + 4, (int) size);
        return out.asSlice(0, end + 8);
    }
}
