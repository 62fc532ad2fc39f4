package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static io.jpmm.internal.array.ElementCodec.DOUBLE;

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
    public boolean readsRowsInPlace() {
        return true;
    }

    @Override
    public double dot(double[] x, double[] y, int n) {
        return dot(MemorySegment.ofArray(x), 0, y, n);
    }

    /** Four vector sums: a fused multiply-add waits four cycles for the last, and four keep the unit busy. */
    @Override
    public double dot(MemorySegment memory, long offset, double[] y, int n) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (; i + 4 * LANES <= n; i += 4 * LANES) {
            long at = offset + (long) i * Double.BYTES;
            s0 = load(memory, at, 0).fma(DoubleVector.fromArray(SPECIES, y, i), s0);
            s1 = load(memory, at, 1).fma(DoubleVector.fromArray(SPECIES, y, i + LANES), s1);
            s2 = load(memory, at, 2).fma(DoubleVector.fromArray(SPECIES, y, i + 2 * LANES), s2);
            s3 = load(memory, at, 3).fma(DoubleVector.fromArray(SPECIES, y, i + 3 * LANES), s3);
        }
        double sum = s0.add(s1).add(s2.add(s3)).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += memory.get(DOUBLE, offset + (long) i * Double.BYTES) * y[i];
        }
        return sum;
    }

    /** The {@code vector}-th vector of float64 values from byte {@code at}. */
    private static DoubleVector load(MemorySegment memory, long at, int vector) {
        return DoubleVector.fromMemorySegment(SPECIES, memory, at + (long) vector * LANES * Double.BYTES, ByteOrder.LITTLE_ENDIAN);
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
