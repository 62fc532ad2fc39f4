package io.jpmm.internal.compute;

import io.jpmm.internal.array.UnsignedLongs;

/**
 * Element conversions as NumPy performs them on x86-64 ({@code astype(casting='unsafe')}), where the
 * C standard leaves them undefined: a float converts to a 32- or 64-bit integer by truncation, and a
 * value with no such integer (NaN, infinity, out of range) becomes the smallest one, as the
 * processor's conversion instruction gives it. Narrower integers take the low bits of the 32-bit
 * result; unsigned 32- and 64-bit integers are converted from the value minus 2<sup>31</sup> or
 * 2<sup>63</sup> when it is that large. float16 rounds once, to nearest even, from either width;
 * bfloat16 rounds a float64 through float32, as ml_dtypes does.
 */
final class Casts {
    private Casts() {
    }

    /** The processor's float-to-int32 truncation: NaN and values out of range give the smallest int. */
    static int toInt32(double value) {
        return value > -0x1p31 - 1 && value < 0x1p31 ? (int) value : Integer.MIN_VALUE;
    }

    /** The processor's float-to-int64 truncation: NaN and values out of range give the smallest long. */
    static long toInt64(double value) {
        return value >= -0x1p63 && value < 0x1p63 ? (long) value : Long.MIN_VALUE;
    }

    static int toUint32(double value) {
        return value >= 0x1p31 ? toInt32(value - 0x1p31) ^ Integer.MIN_VALUE : toInt32(value);
    }

    static long toUint64(double value) {
        return value >= 0x1p63 ? toInt64(value - 0x1p63) ^ Long.MIN_VALUE : toInt64(value);
    }

    static double unsignedToDouble(long bits) {
        return UnsignedLongs.toDouble(bits);
    }

    /** The float nearest the unsigned value of {@code bits}. */
    static float unsignedToFloat(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // Halve with the lost bit kept as a sticky bit, so that the one rounding is still correct.
        return ((bits >>> 1) | (bits & 1)) * 2.0f;
    }

    static short toFloat16(double value) {
        return io.jpmm.internal.array.Float16.fromDouble(value);
    }

    static float fromFloat16(short bits) {
        return Float.float16ToFloat(bits);
    }

    static float fromBfloat16(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /** float32 to bfloat16, to nearest even, keeping NaN a NaN. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
