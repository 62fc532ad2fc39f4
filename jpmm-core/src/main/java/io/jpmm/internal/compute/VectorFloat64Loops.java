package io.jpmm.internal.compute;

import io.jpmm.internal.medium.Residency;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.DoubleVector;

/**
 * {@link Float64Loops} with the Vector API, loaded by name only when the JVM has
 * {@code jdk.incubator.vector}. Contiguous runs go through the widest vectors the processor has,
 * in loops generated twice ({@link MappedVectorLoops} for a shelf's mapped memory,
 * {@link NativeVectorLoops} for DRAM) for the reason {@link ScalarFloat64Loops} gives; strided
 * runs and operands of both kinds go to the plain loops.
 */
final class VectorFloat64Loops implements Float64Loops {
    private static final int LANES = DoubleVector.SPECIES_PREFERRED.length();

    private final ScalarFloat64Loops scalar = new ScalarFloat64Loops();

    @Override
    public String description() {
        return "Vector API, " + DoubleVector.SPECIES_PREFERRED.vectorBitSize() + "-bit vectors";
    }

    @Override
    public double sum(MemorySegment m, long offset, long n, long stride) {
        boolean mapped = m.isMapped();
        if ((stride != 8 && stride != 16) || !(mapped || m.isNative()) || n <= 4L * LANES) {
            return scalar.sum(m, offset, n, stride);
        }
        int block = ScalarFloat64Loops.BLOCK;
        double[] sums = new double[(int) Math.min((n + block - 1) / block, 1 << 20)];
        double total = -0.0;
        int used = 0;
        for (long done = 0; done < n; done += block) {
            long count = Math.min(block, n - done);
            long at = offset + done * stride;
            sums[used++] = stride == 8
                    ? (mapped ? MappedVectorLoops.block(m, at, count) : NativeVectorLoops.block(m, at, count))
                    : (mapped ? MappedVectorLoops.everyOther(m, at, count) : NativeVectorLoops.everyOther(m, at, count));
            if (mapped) {
                // A large shelf mapping lets go of the span just summed (see Residency).
                Residency.passed(m, offset, (done + count) * stride);
            }
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
        boolean withScalar = bStride == 0;
        boolean contiguous = aStride == 8 && outStride == 8 && (withScalar || bStride == 8);
        boolean mapped = a.isMapped() && out.isMapped() && (withScalar || b.isMapped());
        boolean dram = plainNative(a) && plainNative(out) && (withScalar || plainNative(b));
        if (!contiguous || !(mapped || dram)) {
            scalar.binary(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset, outStride, n);
            return;
        }
        long vectors = n - n % LANES;
        if (withScalar) {
            double value = b.get(io.jpmm.internal.array.ElementCodec.DOUBLE, bOffset);
            if (mapped) {
                MappedVectorLoops.withScalar(op, a, aOffset, value, out, outOffset, vectors);
            } else {
                NativeVectorLoops.withScalar(op, a, aOffset, value, out, outOffset, vectors);
            }
        } else if (mapped) {
            MappedVectorLoops.withArray(op, a, aOffset, b, bOffset, out, outOffset, vectors);
        } else {
            NativeVectorLoops.withArray(op, a, aOffset, b, bOffset, out, outOffset, vectors);
        }
        if (vectors < n) {
            scalar.binary(op, a, aOffset + vectors * 8, 8, b, bOffset + (withScalar ? 0 : vectors * 8), bStride, out,
                    outOffset + vectors * 8, 8, n - vectors);
        }
    }

    private static boolean plainNative(MemorySegment m) {
        return m.isNative() && !m.isMapped();
    }
}
