package io.jpmm.internal.array;

/** Conversions between {@code uint64} bit patterns held in a {@code long} and {@code double}. */
public final class UnsignedLongs {
    private static final double TWO_TO_64 = 0x1p64;

    private UnsignedLongs() {
    }

    /** The unsigned value of {@code bits}, rounded to the nearest double. */
    public static double toDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // Halve with the lost bit kept as a sticky bit so the final rounding is still correct.
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** The uint64 bits of {@code value} truncated toward zero; negative values wrap like int64. */
    public static long fromDouble(double value) {
        if (value >= 0x1p63) {
            return value >= TWO_TO_64 ? -1L : (long) (value - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) value;
    }
}
