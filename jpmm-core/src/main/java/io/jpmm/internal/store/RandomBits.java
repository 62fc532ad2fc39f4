package io.jpmm.internal.store;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Unpredictable bits for shelf identities and log nonces, read from the kernel's {@code /dev/urandom}
 * where there is one: what {@link SecureRandom} reads there too, without the 20-35 ms its provider
 * framework costs on a cold start, which every {@code jpmm} command pays. Elsewhere (or if the read
 * fails) {@link SecureRandom} supplies them.
 */
final class RandomBits {
    private static final String KERNEL_SOURCE = "/dev/urandom";

    private RandomBits() {
    }

    static long nextLong() {
        return bytes(Long.BYTES).getLong();
    }

    /** A random (version 4) UUID. */
    static UUID nextUuid() {
        ByteBuffer bits = bytes(16);
        long high = (bits.getLong() & ~0xF000L) | 0x4000L;
        long low = (bits.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private static ByteBuffer bytes(int count) {
        byte[] bytes = new byte[count];
        try (var kernel = new FileInputStream(KERNEL_SOURCE)) {
            if (kernel.readNBytes(bytes, 0, count) == count) {
                return ByteBuffer.wrap(bytes);
            }
        } catch (IOException | SecurityException noKernelSource) {
            // the fallback below
        }
        Fallback.SOURCE.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** Created only if the kernel source fails. */
    private static final class Fallback {
        static final SecureRandom SOURCE = new SecureRandom();
    }
}
