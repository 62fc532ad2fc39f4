package io.jpmm.internal.compute;

/**
 * The operations whose NumPy definition is more than one Java operator: floor division and
 * remainder with Python's sign rules (NumPy's {@code npy_divmod}), integer division by zero giving
 * 0, and integer powers by squaring with wrap-around.
 */
final class Arithmetic {
    private Arithmetic() {
    }

    static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                div -= 1;
            }
        }
        if (div != 0) {
            double floor = Math.floor(div);
            return div - floor > 0.5 ? floor + 1 : floor;
        }
        return Math.copySign(0, a / b);
    }

    static float floorDivide(float a, float b) {
        if (b == 0) {
            return a / b;
        }
        float mod = a % b;
        float div = (a - mod) / b;
        if (mod != 0) {
            if ((b < 0) != (mod < 0)) {
                div -= 1;
            }
        }
        if (div != 0) {
            float floor = (float) Math.floor(div);
            return div - floor > 0.5f ? floor + 1 : floor;
        }
        return Math.copySign(0f, a / b);
    }

    static double remainder(double a, double b) {
        double mod = a % b;
        if (b == 0) {
            return mod;
        }
        if (mod != 0) {
            return (b < 0) != (mod < 0) ? mod + b : mod;
        }
        return Math.copySign(0, b);
    }

    static float remainder(float a, float b) {
        float mod = a % b;
        if (b == 0) {
            return mod;
        }
        if (mod != 0) {
            return (b < 0) != (mod < 0) ? mod + b : mod;
        }
        return Math.copySign(0f, b);
    }

    /** Division rounding down; 0 for a zero divisor, and the smallest value divided by -1 wraps, as in NumPy. */
    static long floorDivide(long a, long b) {
        return b == 0 ? 0 : Math.floorDiv(a, b);
    }

    static long remainder(long a, long b) {
        return b == 0 ? 0 : Math.floorMod(a, b);
    }

    static long floorDivideUnsigned(long a, long b) {
        return b == 0 ? 0 : Long.divideUnsigned(a, b);
    }

    static long remainderUnsigned(long a, long b) {
        return b == 0 ? 0 : Long.remainderUnsigned(a, b);
    }

    /** {@code a} to the {@code b}, wrapping around; NumPy refuses negative integer exponents. */
    static long power(long a, long b) {
        if (b < 0) {
            throw new ArithmeticException("integers to negative integer powers are not allowed (as in NumPy);"
                    + " convert to a float type first");
        }
        return powerUnsigned(a, b);
    }

    static long powerUnsigned(long a, long b) {
        long result = 1;
        long base = a;
        for (long exponent = b; exponent != 0; exponent >>>= 1) {
            if ((exponent & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
