package io.jpmm.internal.compute;

import io.jpmm.internal.array.ElementCodec;
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
     * The same sum, in the same order, with {@code x} the {@code n} little-endian float64 values at
     * byte {@code offset} of {@code memory}. A kernel that can reads them where they lie: copying a
     * row into a buffer first took as long as its products. Others copy them into {@code scratch},
     * which has room for {@code n}.
     */
    default double dot(MemorySegment memory, long offset, double[] y, int n, double[] scratch) {
        MemorySegment.copy(memory, ElementCodec.DOUBLE, offset, scratch, 0, n);
        return dot(scratch, y, n);
    }

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
