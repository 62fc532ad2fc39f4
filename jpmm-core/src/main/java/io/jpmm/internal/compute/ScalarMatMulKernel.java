package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;

/**
 * A 4 × 4 tile in sixteen local accumulators. Plain multiply-add rather than {@link Math#fma}: the
 * latter is a slow software routine on processors without the instruction, and the plain form
 * keeps this kernel's speed the same everywhere.
 */
final class ScalarMatMulKernel implements MatMulKernel {
    private static final int SIZE = 4;

    @Override
    public int rows() {
        return SIZE;
    }

    @Override
    public int columns() {
        return SIZE;
    }

    @Override
    public String description() {
        return "plain 4 x 4 tiles";
    }

    @Override
    public boolean readsRowsInPlace() {
        return false;
    }

    @Override
    public double dot(MemorySegment memory, long offset, double[] y, int n) {
        throw new UnsupportedOperationException("the plain kernel sums rows copied into buffers");
    }

    /** Eight independent sums, enough to keep the adder busy while each addition waits for the last. */
    @Override
    public double dot(double[] x, double[] y, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
            s4 += x[i + 4] * y[i + 4];
            s5 += x[i + 5] * y[i + 5];
            s6 += x[i + 6] * y[i + 6];
            s7 += x[i + 7] * y[i + 7];
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < n; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    @Override
    public void multiply(double[] left, int leftAt, double[] right, int rightAt, int depth, double[] tile) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int k = 0; k < depth; k++) {
            int x = leftAt + k * SIZE;
            int y = rightAt + k * SIZE;
            double a0 = left[x];
            double a1 = left[x + 1];
            double a2 = left[x + 2];
            double a3 = left[x + 3];
            double b0 = right[y];
            double b1 = right[y + 1];
            double b2 = right[y + 2];
            double b3 = right[y + 3];
            c00 += a0 * b0;
            c01 += a0 * b1;
            c02 += a0 * b2;
            c03 += a0 * b3;
            c10 += a1 * b0;
            c11 += a1 * b1;
            c12 += a1 * b2;
            c13 += a1 * b3;
            c20 += a2 * b0;
            c21 += a2 * b1;
            c22 += a2 * b2;
            c23 += a2 * b3;
            c30 += a3 * b0;
            c31 += a3 * b1;
            c32 += a3 * b2;
            c33 += a3 * b3;
        }
        tile[0] = c00;
        tile[1] = c01;
        tile[2] = c02;
        tile[3] = c03;
        tile[4] = c10;
        tile[5] = c11;
        tile[6] = c12;
        tile[7] = c13;
        tile[8] = c20;
        tile[9] = c21;
        tile[10] = c22;
        tile[11] = c23;
        tile[12] = c30;
        tile[13] = c31;
        tile[14] = c32;
        tile[15] = c33;
    }
}
