package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;

/**
 * The innermost step of a matrix product: a small tile of {@link #rows()} × {@link #columns()}
 * results, each a sum over {@code depth} products, with every operand already packed so that the
 * loop reads both in order (see {@link PackedMatMul}). Holding the tile in registers is what makes a
 * matrix product fast: each element loaded from the packs is used {@code rows()} or
 * {@code columns()} times. {@link #get()} gives the Vector API kernel when the JVM has
 * {@code jdk.incubator.vector}, and plain Java otherwise.
 */
public interface MatMulKernel {

    /** The kernel for this JVM. */
    static MatMulKernel get() {
        return Provider.KERNEL;
    }

    /** Rows of a tile: the left pack interleaves this many rows. */
    int rows();

    /** Columns of a tile: the right pack interleaves this many columns. */
    int columns();

    /**
     * {@code tile[i * columns() + j] = Σ left[leftAt + k * rows() + i] · right[rightAt + k * columns() + j]}
     * over {@code k < depth}.
     */
    void multiply(double[] left, int leftAt, double[] right, int rightAt, int depth, double[] tile);

    /** {@code Σ x[i] · y[i]} over {@code i < n}: a row times a vector. */
    double dot(double[] x, double[] y, int n);

    /**
     * Whether {@link #dot(MemorySegment, long, double[], int)} is available: the Vector API kernel
     * reads float64 rows where they lie, for copying each into a buffer first took as long as its
     * products. The plain kernel sums rows from buffers, which ran faster for it than reading
     * memory element by element.
     */
    boolean readsRowsInPlace();

    /**
     * {@link #dot(double[], double[], int)}, in the same order, with {@code x} the {@code n}
     * little-endian float64 values at byte {@code offset} of {@code memory}.
     *
     * @throws UnsupportedOperationException if this kernel does not {@linkplain #readsRowsInPlace read rows in place}
     */
    double dot(MemorySegment memory, long offset, double[] y, int n);

    /** Which implementation {@link #get()} chose, for benchmark reports. */
    String description();

    /** Chooses the implementation once. */
    final class Provider {
        static final MatMulKernel KERNEL = VectorApi.loadOr(MatMulKernel.class,
                "io.jpmm.internal.compute.VectorMatMulKernel", ScalarMatMulKernel::new);

        private Provider() {
        }
    }
}
