package io.jpmm.internal.compute;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A tile of 4 rows × two of the widest vectors the processor has (4 × 16 with AVX-512), in eight
 * vector accumulators updated by fused multiply-adds; loaded by name only when the JVM has
 * {@code jdk.incubator.vector} (see {@link MatMulKernel#get()}).
 */
final class VectorMatMulKernel implements MatMulKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int ROWS = 4;
    private static final int COLUMNS = 2 * LANES;

    @Override
    public int rows() {
        return ROWS;
    }

    @Override
    public int columns() {
        return COLUMNS;
    }

    @Override
    public String description() {
        return "Vector API, " + ROWS + " x " + COLUMNS + " tiles";
    }

    @Override
    public double dot(double[] x, double[] y, int n) {
        DoubleVector even = DoubleVector.zero(SPECIES);
        DoubleVector odd = even;
        int i = 0;
        for (; i + 2 * LANES <= n; i += 2 * LANES) {
            even = DoubleVector.fromArray(SPECIES, x, i).fma(DoubleVector.fromArray(SPECIES, y, i), even);
            odd = DoubleVector.fromArray(SPECIES, x, i + LANES).fma(DoubleVector.fromArray(SPECIES, y, i + LANES), odd);
        }
        double sum = even.add(odd).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < n; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    @Override
    public void multiply(double[] left, int leftAt, double[] right, int rightAt, int depth, double[] tile) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int k = 0; k < depth; k++) {
            int y = rightAt + k * COLUMNS;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, right, y);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, right, y + LANES);
            int x = leftAt + k * ROWS;
            DoubleVector a = DoubleVector.broadcast(SPECIES, left[x]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = DoubleVector.broadcast(SPECIES, left[x + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = DoubleVector.broadcast(SPECIES, left[x + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = DoubleVector.broadcast(SPECIES, left[x + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, COLUMNS);
        c11.intoArray(tile, COLUMNS + LANES);
        c20.intoArray(tile, 2 * COLUMNS);
        c21.intoArray(tile, 2 * COLUMNS + LANES);
        c30.intoArray(tile, 3 * COLUMNS);
        c31.intoArray(tile, 3 * COLUMNS + LANES);
    }
}
