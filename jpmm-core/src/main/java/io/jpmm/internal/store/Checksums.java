package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/** CRC32C of variable data of any size (a ByteBuffer view is limited to 2 GiB, so it goes in chunks). */
final class Checksums {
    private static final long CHUNK = 1L << 30;

    private Checksums() {
    }

    static long crc32c(MemorySegment bytes) {
        CRC32C crc = new CRC32C();
        for (long offset = 0; offset < bytes.byteSize(); offset += CHUNK) {
            crc.update(bytes.asSlice(offset, Math.min(CHUNK, bytes.byteSize() - offset)).asByteBuffer());
        }
        return crc.getValue();
    }
}
