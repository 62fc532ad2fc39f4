package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;

import static io.jpmm.internal.array.ElementCodec.DOUBLE;

/**
 * {@link Float64Loops} as plain loops. Loops that read memory segments element by element run
 * fastest, but the JIT compiles them for the kind of segment it has seen: fed a shelf's mapped
 * memory and DRAM in turn, such a loop is deoptimised and recompiled again and again, and runs
 * a hundred times slower meanwhile. So the memory loops exist four times, generated from one
 * template: {@link MappedFloat64Loops} sees only mapped memory, {@link NativeFloat64Loops} only DRAM,
 * {@link ShelvedToDramFloat64Loops} shelved operands with a DRAM result (an out-of-place operation
 * on shelved arrays), and {@link DramWithShelvedFloat64Loops} a DRAM operand and result with a
 * shelved second operand (a sum along an outer axis adding shelved slices into DRAM). Other mixes
 * (or the Java heap) go through {@code double[]} chunks instead: each copied in with a native copy,
 * computed on as a Java array, and copied out.
 */
final class ScalarFloat64Loops implements Float64Loops {
    /** Elements per block of a sum: enough to amortise the block's bookkeeping, few enough to stay accurate. */
    static final int BLOCK = 2048;
    /** Elements per chunk of an element-wise operation: three chunks stay in the L1 cache. */
    private static final int CHUNK = 1024;
    /** Two chunks of staging per thread: a fresh pair per call cost more than the arithmetic on short rows. */
    private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][CHUNK]);

    @Override
    public String description() {
        return "plain loops";
    }

    @Override
    public double sum(MemorySegment m, long offset, long n, long stride) {
        if (m.isMapped()) {
            return MappedFloat64Loops.sum(m, offset, n, stride);
        }
        if (m.isNative()) {
            return NativeFloat64Loops.sum(m, offset, n, stride);
        }
        return chunkedSum(m, offset, n, stride);
    }

    private double chunkedSum(MemorySegment m, long offset, long n, long stride) {
        if (stride != 8 && stride != 16) {
            return strided(m, offset, n, stride);
        }
        int step = (int) (stride / 8);
        double[] chunk = new double[(int) Math.min((long) BLOCK * step, (n - 1) * step + 1)];
        long blocks = (n + BLOCK - 1) / BLOCK;
        double[] sums = new double[(int) Math.min(blocks, 1 << 20)];
        double total = -0.0;
        int used = 0;
        for (long done = 0; done < n; done += BLOCK) {
            int count = (int) Math.min(BLOCK, n - done);
            int span = (count - 1) * step + 1;
            MemorySegment.copy(m, DOUBLE, offset + done * stride, chunk, 0, span);
            sums[used++] = step == 1 ? block(chunk, count) : everyOther(chunk, count);
            if (used == sums.length) {
                total += Pairwise.sum(sums, 0, used);
                used = 0;
            }
        }
        return total + Pairwise.sum(sums, 0, used);
    }

    /** Eight accumulators, combined as NumPy combines its eight. */
    static double block(double[] values, int n) {
        double r0 = -0.0;
        double r1 = -0.0;
        double r2 = -0.0;
        double r3 = -0.0;
        double r4 = -0.0;
        double r5 = -0.0;
        double r6 = -0.0;
        double r7 = -0.0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            r0 += values[i];
            r1 += values[i + 1];
            r2 += values[i + 2];
            r3 += values[i + 3];
            r4 += values[i + 4];
            r5 += values[i + 5];
            r6 += values[i + 6];
            r7 += values[i + 7];
        }
        double sum = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        for (; i < n; i++) {
            sum += values[i];
        }
        return sum;
    }

    private static double everyOther(double[] values, int n) {
        double r0 = -0.0;
        double r1 = -0.0;
        double r2 = -0.0;
        double r3 = -0.0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            r0 += values[2 * i];
            r1 += values[2 * i + 2];
            r2 += values[2 * i + 4];
            r3 += values[2 * i + 6];
        }
        double sum = (r0 + r1) + (r2 + r3);
        for (; i < n; i++) {
            sum += values[2 * i];
        }
        return sum;
    }

    /** Wide strides: element by element, since copying the span would read mostly other elements. */
    private static double strided(MemorySegment m, long offset, long n, long stride) {
        double[] sums = new double[(int) Math.min((n + BLOCK - 1) / BLOCK, 1 << 20)];
        double total = -0.0;
        int used = 0;
        for (long done = 0; done < n; done += BLOCK) {
            long count = Math.min(BLOCK, n - done);
            double r0 = -0.0;
            double r1 = -0.0;
            long i = 0;
            for (; i + 2 <= count; i += 2) {
                long o = offset + (done + i) * stride;
                r0 += m.get(DOUBLE, o);
                r1 += m.get(DOUBLE, o + stride);
            }
            double sum = r0 + r1;
            for (; i < count; i++) {
                sum += m.get(DOUBLE, offset + (done + i) * stride);
            }
            sums[used++] = sum;
            if (used == sums.length) {
                total += Pairwise.sum(sums, 0, used);
                used = 0;
            }
        }
        return total + Pairwise.sum(sums, 0, used);
    }

    @Override
    public void binary(BinaryOp op, MemorySegment a, long aOffset, long aStride, MemorySegment b, long bOffset,
                       long bStride, MemorySegment out, long outOffset, long outStride, long n) {
        boolean scalar = bStride == 0;
        if (a.isMapped() && out.isMapped() && (scalar || b.isMapped())) {
            if (scalar) {
                MappedFloat64Loops.withScalar(op, a, aOffset, aStride, b.get(DOUBLE, bOffset), out, outOffset, outStride, n);
            } else {
                MappedFloat64Loops.withArray(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset, outStride, n);
            }
            return;
        }
        if (plainNative(a) && plainNative(out) && (scalar || plainNative(b))) {
            if (scalar) {
                NativeFloat64Loops.withScalar(op, a, aOffset, aStride, b.get(DOUBLE, bOffset), out, outOffset, outStride, n);
            } else {
                NativeFloat64Loops.withArray(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset, outStride, n);
            }
            return;
        }
        if (a.isMapped() && plainNative(out) && (scalar || b.isMapped())) {
            if (scalar) {
                ShelvedToDramFloat64Loops.withScalar(op, a, aOffset, aStride, b.get(DOUBLE, bOffset), out, outOffset,
                        outStride, n);
            } else {
                ShelvedToDramFloat64Loops.withArray(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset,
                        outStride, n);
            }
            return;
        }
        if (!scalar && plainNative(a) && b.isMapped() && plainNative(out)) {
            DramWithShelvedFloat64Loops.withArray(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset,
                    outStride, n);
            return;
        }
        chunked(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset, outStride, n);
    }

    private static boolean plainNative(MemorySegment m) {
        return m.isNative() && !m.isMapped();
    }

    private void chunked(BinaryOp op, MemorySegment a, long aOffset, long aStride, MemorySegment b, long bOffset,
                         long bStride, MemorySegment out, long outOffset, long outStride, long n) {
        double[][] scratch = SCRATCH.get();
        double[] x = scratch[0];
        double[] y = bStride == 0 ? null : scratch[1];
        double scalar = bStride == 0 ? b.get(DOUBLE, bOffset) : 0;
        for (long done = 0; done < n; done += CHUNK) {
            int count = (int) Math.min(CHUNK, n - done);
            load(a, aOffset + done * aStride, aStride, x, count);
            if (y != null) {
                load(b, bOffset + done * bStride, bStride, y, count);
                compute(op, x, y, count);
            } else {
                compute(op, x, scalar, count);
            }
            if (outStride == 8) {
                MemorySegment.copy(x, 0, out, DOUBLE, outOffset + done * 8, count);
            } else {
                Stores.store(x, count, io.jpmm.DType.FLOAT64, out, outOffset + done * outStride, outStride);
            }
        }
    }

    /**
     * Contiguous elements in one bulk copy: element by element, accesses to segments of more than
     * one kind (a shelf's mapping and DRAM in one operation) run tens of times slower.
     */
    private static void load(MemorySegment m, long offset, long stride, double[] into, int count) {
        if (stride == 8) {
            MemorySegment.copy(m, DOUBLE, offset, into, 0, count);
        } else {
            Loads.load(io.jpmm.DType.FLOAT64, m, offset, stride, into, count);
        }
    }

    private static void compute(BinaryOp op, double[] x, double[] y, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    x[i] += y[i];
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    x[i] -= y[i];
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    x[i] *= y[i];
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < n; i++) {
                    x[i] /= y[i];
                }
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    private static void compute(BinaryOp op, double[] x, double s, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    x[i] += s;
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < n; i++) {
                    x[i] -= s;
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < n; i++) {
                    x[i] *= s;
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < n; i++) {
                    x[i] /= s;
                }
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }
}
