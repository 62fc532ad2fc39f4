package io.jpmm.internal.array;

import io.jpmm.DType;

/**
 * Which Java scalars an element of each dtype can hold. As NumPy refuses a Python scalar that does
 * not fit ({@code OverflowError} for {@code int8_array[0] = 300}, {@code ValueError} for NaN into an
 * integer array), jpmm refuses a Java scalar that does not fit, instead of storing a wrapped or
 * truncated value. A fraction going into an integer type is truncated toward zero, as in NumPy;
 * a float too large for float16 or float32 becomes infinity, as in NumPy. {@code uint64} takes any
 * {@code long} as its 64 bits, since Java has no unsigned long.
 */
public final class ScalarRange {

    private ScalarRange() {
    }

    /** Checks that an element of {@code dtype} can hold {@code value}. */
    public static void requireFits(DType dtype, long value) {
        if (!dtype.isInteger() || dtype == DType.UINT64) {
            return;
        }
        if (value < min(dtype) || value > max(dtype)) {
            throw new IllegalArgumentException(value + " does not fit " + dtype + " (" + min(dtype) + " to "
                    + max(dtype) + "); convert it explicitly if wrapping around is meant");
        }
    }

    /** Checks that an element of {@code dtype} can hold {@code value}, truncated toward zero if it is an integer type. */
    public static void requireFits(DType dtype, double value) {
        if (!dtype.isInteger()) {
            return;
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(value + " cannot be stored in " + dtype + ": it has no integer value");
        }
        double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
        double max = dtype == DType.UINT64 ? 0x1p64 - 1 : max(dtype);
        double min = dtype.isUnsigned() ? 0 : min(dtype);
        boolean fits = dtype == DType.UINT64 ? truncated >= 0 && truncated < 0x1p64
                : dtype == DType.INT64 ? truncated >= -0x1p63 && truncated < 0x1p63
                : truncated >= min && truncated <= max;
        if (!fits) {
            throw new IllegalArgumentException(value + " does not fit " + dtype + " (" + (long) min + " to "
                    + (dtype == DType.UINT64 ? "18446744073709551615" : Long.toString((long) max)) + ")");
        }
    }

    private static long min(DType dtype) {
        return switch (dtype) {
            case INT8 -> Byte.MIN_VALUE;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> 0;
        };
    }

    private static long max(DType dtype) {
        return switch (dtype) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 0xFF;
            case INT16 -> Short.MAX_VALUE;
            case UINT16 -> 0xFFFF;
            case INT32 -> Integer.MAX_VALUE;
            case UINT32 -> 0xFFFF_FFFFL;
            default -> Long.MAX_VALUE;
        };
    }
}
