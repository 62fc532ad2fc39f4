package io.jpmm.internal.compute;

import io.jpmm.internal.medium.Residency;
import java.lang.foreign.MemorySegment;

import static io.jpmm.internal.array.ElementCodec.DOUBLE;
import static io.jpmm.internal.array.ElementCodec.FLOAT;

/**
 * NumPy's pairwise summation ({@code @TYPE@_pairwise_sum}): blocks of up to 128 elements are summed
 * in eight interleaved accumulators, and longer runs are split in two halves (multiples of eight)
 * summed separately. The rounding error grows with the logarithm of the length instead of the
 * length, and the result is the one NumPy computes, bit for bit, for the same run. float32 sums in
 * float32, as NumPy's does.
 */
final class Pairwise {
    private static final int BLOCK = 128;

    /**
     * Lets a large shelf mapping go of a finished half of at least {@link Residency#SPAN} bytes: the
     * halves are summed in memory order, so at most two spans' worth stays resident behind the sum.
     */
    private static void releaseBehind(MemorySegment m, long offset, long n, long stride) {
        if (stride > 0 && n * stride >= Residency.SPAN) {
            Residency.release(m, offset, n * stride);
        }
    }

    private Pairwise() {
    }

    /** The sum of {@code n} float64 elements from byte {@code offset}, {@code stride} bytes apart. */
    static double sum(MemorySegment m, long offset, long n, long stride) {
        if (n < 8) {
            double sum = -0.0;
            for (long i = 0; i < n; i++) {
                sum += m.get(DOUBLE, offset + i * stride);
            }
            return sum;
        }
        if (n <= BLOCK) {
            double r0 = m.get(DOUBLE, offset);
            double r1 = m.get(DOUBLE, offset + stride);
            double r2 = m.get(DOUBLE, offset + 2 * stride);
            double r3 = m.get(DOUBLE, offset + 3 * stride);
            double r4 = m.get(DOUBLE, offset + 4 * stride);
            double r5 = m.get(DOUBLE, offset + 5 * stride);
            double r6 = m.get(DOUBLE, offset + 6 * stride);
            double r7 = m.get(DOUBLE, offset + 7 * stride);
            long i = 8;
            for (; i < n - n % 8; i += 8) {
                long o = offset + i * stride;
                r0 += m.get(DOUBLE, o);
                r1 += m.get(DOUBLE, o + stride);
                r2 += m.get(DOUBLE, o + 2 * stride);
                r3 += m.get(DOUBLE, o + 3 * stride);
                r4 += m.get(DOUBLE, o + 4 * stride);
                r5 += m.get(DOUBLE, o + 5 * stride);
                r6 += m.get(DOUBLE, o + 6 * stride);
                r7 += m.get(DOUBLE, o + 7 * stride);
            }
            double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                sum += m.get(DOUBLE, offset + i * stride);
            }
            return sum;
        }
        long half = n / 2;
        half -= half % 8;
        double sum = sum(m, offset, half, stride) + sum(m, offset + half * stride, n - half, stride);
        releaseBehind(m, offset, n, stride);
        return sum;
    }

    /** The sum of {@code n} float32 elements, in float32. */
    static float sumFloat(MemorySegment m, long offset, long n, long stride) {
        if (n < 8) {
            float sum = -0.0f;
            for (long i = 0; i < n; i++) {
                sum += m.get(FLOAT, offset + i * stride);
            }
            return sum;
        }
        if (n <= BLOCK) {
            float r0 = m.get(FLOAT, offset);
            float r1 = m.get(FLOAT, offset + stride);
            float r2 = m.get(FLOAT, offset + 2 * stride);
            float r3 = m.get(FLOAT, offset + 3 * stride);
            float r4 = m.get(FLOAT, offset + 4 * stride);
            float r5 = m.get(FLOAT, offset + 5 * stride);
            float r6 = m.get(FLOAT, offset + 6 * stride);
            float r7 = m.get(FLOAT, offset + 7 * stride);
            long i = 8;
            for (; i < n - n % 8; i += 8) {
                long o = offset + i * stride;
                r0 += m.get(FLOAT, o);
                r1 += m.get(FLOAT, o + stride);
                r2 += m.get(FLOAT, o + 2 * stride);
                r3 += m.get(FLOAT, o + 3 * stride);
                r4 += m.get(FLOAT, o + 4 * stride);
                r5 += m.get(FLOAT, o + 5 * stride);
                r6 += m.get(FLOAT, o + 6 * stride);
                r7 += m.get(FLOAT, o + 7 * stride);
            }
            float sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) {
                sum += m.get(FLOAT, offset + i * stride);
            }
            return sum;
        }
        long half = n / 2;
        half -= half % 8;
        float sum = sumFloat(m, offset, half, stride) + sumFloat(m, offset + half * stride, n - half, stride);
        releaseBehind(m, offset, n, stride);
        return sum;
    }

    /** The pairwise sum of {@code values[from, from + n)}: runs of other dtypes, loaded as doubles. */
    static double sum(double[] values, int from, int n) {
        if (n < 8) {
            double sum = -0.0;
            for (int i = 0; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            double[] r = new double[8];
            System.arraycopy(values, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += values[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return sum(values, from, half) + sum(values, from + half, n - half);
    }

    /** The pairwise sum of {@code values[from, from + n)}: float16 and bfloat16 runs, loaded as floats. */
    static float sum(float[] values, int from, int n) {
        if (n < 8) {
            float sum = -0.0f;
            for (int i = 0; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        if (n <= BLOCK) {
            float[] r = new float[8];
            System.arraycopy(values, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += values[from + i + j];
                }
            }
            float sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += values[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % 8;
        return sum(values, from, half) + sum(values, from + half, n - half);
    }
}
