package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;

/**
 * The float64 loops that dominate real work, run straight on the arrays' memory with no buffer in
 * between: sums, and the four arithmetic operations between two arrays or an array and a scalar.
 * {@link #get()} gives the Vector API version when the JVM has {@code jdk.incubator.vector}
 * ({@code --add-modules jdk.incubator.vector}), and plain loops otherwise, as Lucene's
 * {@code VectorizationProvider} does; jpmm never needs the flag.
 */
public interface Float64Loops {

    /** The loops for this JVM. */
    static Float64Loops get() {
        return Provider.LOOPS;
    }

    /** Which implementation {@link #get()} chose, for benchmark reports. */
    String description();

    /**
     * The sum of {@code n} elements from byte {@code offset}, {@code stride} bytes apart: blocks of
     * {@value ScalarFloat64Loops#BLOCK} elements in independent accumulators, the block sums added
     * pairwise, so the rounding error grows like NumPy's pairwise summation's.
     */
    double sum(MemorySegment m, long offset, long n, long stride);

    /** {@code out = a op b} for ADD, SUBTRACT, MULTIPLY or DIVIDE; a stride of 0 repeats one element. */
    void binary(BinaryOp op, MemorySegment a, long aOffset, long aStride, MemorySegment b, long bOffset, long bStride,
                MemorySegment out, long outOffset, long outStride, long n);

    /** Whether {@link #binary} computes {@code op}. */
    static boolean supports(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUBTRACT || op == BinaryOp.MULTIPLY || op == BinaryOp.DIVIDE;
    }

    /** Chooses the implementation once. */
    final class Provider {
        static final Float64Loops LOOPS = choose();

        private Provider() {
        }

        private static Float64Loops choose() {
            return VectorApi.loadOr(Float64Loops.class, "io.jpmm.internal.compute.VectorFloat64Loops",
                    ScalarFloat64Loops::new);
        }
    }
}
