package io.jpmm.internal.compute;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Float64Loops} with the Vector API, loaded by name only when the JVM has
 * {@code jdk.incubator.vector}: contiguous runs go through the widest vectors the processor has;
 * strided runs, which vectors do not help, go to the plain loops.
 */
final class VectorFloat64Loops implements Float64Loops {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final ByteOrder LITTLE = ByteOrder.LITTLE_ENDIAN;

    private final ScalarFloat64Loops scalar = new ScalarFloat64Loops();

    @Override
    public String description() {
        return "Vector API, " + SPECIES.vectorBitSize() + "-bit vectors";
    }

    @Override
    public double sum(MemorySegment m, long offset, long n, long stride) {
        if (stride == 16 && n > 4L * SPECIES.length()) {
            return everyOther(m, offset, n);
        }
        if (stride != 8) {
            return scalar.sum(m, offset, n, stride);
        }
        long blocks = (n + ScalarFloat64Loops.BLOCK - 1) / ScalarFloat64Loops.BLOCK;
        if (blocks <= 1) {
            return block(m, offset, n);
        }
        double[] sums = new double[(int) Math.min(blocks, 1 << 20)];
        long perGroup = (long) sums.length * ScalarFloat64Loops.BLOCK;
        double total = -0.0;
        for (long start = 0; start < n; start += perGroup) {
            long count = Math.min(perGroup, n - start);
            int used = 0;
            for (long done = 0; done < count; done += ScalarFloat64Loops.BLOCK) {
                sums[used++] = block(m, offset + (start + done) * 8, Math.min(ScalarFloat64Loops.BLOCK, count - done));
            }
            total += Pairwise.sum(sums, 0, used);
        }
        return total;
    }

    /**
     * The sum of every other element: whole vectors are loaded, as the cache loads whole lines
     * anyway, and only the even lanes are added up at the end.
     */
    private double everyOther(MemorySegment m, long offset, long n) {
        int lanes = SPECIES.length();
        long span = 2 * n - 1;
        long vectors = span - span % lanes;
        DoubleVector r0 = DoubleVector.zero(SPECIES);
        DoubleVector r1 = DoubleVector.zero(SPECIES);
        long pairs = vectors - vectors % (2L * lanes);
        for (long i = 0; i < pairs; i += 2L * lanes) {
            r0 = r0.add(DoubleVector.fromMemorySegment(SPECIES, m, offset + i * 8, LITTLE));
            r1 = r1.add(DoubleVector.fromMemorySegment(SPECIES, m, offset + (i + lanes) * 8, LITTLE));
        }
        var even = jdk.incubator.vector.VectorMask.fromLong(SPECIES, 0x5555_5555_5555_5555L);
        double sum = r0.add(r1).reduceLanes(VectorOperators.ADD, even);
        for (long i = pairs; i < span; i += 2) {
            sum += m.get(io.jpmm.internal.array.ElementCodec.DOUBLE, offset + i * 8);
        }
        return sum;
    }

    /** Four vector accumulators: their lanes are as many independent partial sums. */
    private static double block(MemorySegment m, long offset, long n) {
        int lanes = SPECIES.length();
        long step = 4L * lanes * 8;
        DoubleVector r0 = DoubleVector.zero(SPECIES);
        DoubleVector r1 = DoubleVector.zero(SPECIES);
        DoubleVector r2 = DoubleVector.zero(SPECIES);
        DoubleVector r3 = DoubleVector.zero(SPECIES);
        long end = offset + (n - n % (4L * lanes)) * 8;
        for (long o = offset; o < end; o += step) {
            r0 = r0.add(DoubleVector.fromMemorySegment(SPECIES, m, o, LITTLE));
            r1 = r1.add(DoubleVector.fromMemorySegment(SPECIES, m, o + lanes * 8L, LITTLE));
            r2 = r2.add(DoubleVector.fromMemorySegment(SPECIES, m, o + 2L * lanes * 8, LITTLE));
            r3 = r3.add(DoubleVector.fromMemorySegment(SPECIES, m, o + 3L * lanes * 8, LITTLE));
        }
        double sum = r0.add(r1).add(r2.add(r3)).reduceLanes(VectorOperators.ADD);
        for (long o = end; o < offset + n * 8; o += 8) {
            sum += m.get(io.jpmm.internal.array.ElementCodec.DOUBLE, o);
        }
        return sum;
    }

    // One loop per operation: the Vector API compiles to vector instructions only for constant operations.

    private static void withScalar(BinaryOp op, MemorySegment a, long aOffset, double value, MemorySegment out,
                                   long outOffset, long n) {
        int lanes = SPECIES.length();
        DoubleVector s = DoubleVector.broadcast(SPECIES, value);
        switch (op) {
            case ADD -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE).add(s).intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case SUBTRACT -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE).sub(s).intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case MULTIPLY -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE).mul(s).intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case DIVIDE -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE).div(s).intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    private static void withArray(BinaryOp op, MemorySegment a, long aOffset, MemorySegment b, long bOffset,
                                  MemorySegment out, long outOffset, long n) {
        int lanes = SPECIES.length();
        switch (op) {
            case ADD -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE)
                            .add(DoubleVector.fromMemorySegment(SPECIES, b, bOffset + i * 8, LITTLE))
                            .intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case SUBTRACT -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE)
                            .sub(DoubleVector.fromMemorySegment(SPECIES, b, bOffset + i * 8, LITTLE))
                            .intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case MULTIPLY -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE)
                            .mul(DoubleVector.fromMemorySegment(SPECIES, b, bOffset + i * 8, LITTLE))
                            .intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            case DIVIDE -> {
                for (long i = 0; i < n; i += lanes) {
                    DoubleVector.fromMemorySegment(SPECIES, a, aOffset + i * 8, LITTLE)
                            .div(DoubleVector.fromMemorySegment(SPECIES, b, bOffset + i * 8, LITTLE))
                            .intoMemorySegment(out, outOffset + i * 8, LITTLE);
                }
            }
            default -> throw new IllegalArgumentException(op.toString());
        }
    }

    @Override
    public void binary(BinaryOp op, MemorySegment a, long aOffset, long aStride, MemorySegment b, long bOffset,
                       long bStride, MemorySegment out, long outOffset, long outStride, long n) {
        if (aStride != 8 || outStride != 8 || (bStride != 8 && bStride != 0)) {
            scalar.binary(op, a, aOffset, aStride, b, bOffset, bStride, out, outOffset, outStride, n);
            return;
        }
        int lanes = SPECIES.length();
        long vectors = n - n % lanes;
        if (bStride == 0) {
            withScalar(op, a, aOffset, b.get(io.jpmm.internal.array.ElementCodec.DOUBLE, bOffset), out, outOffset, vectors);
        } else {
            withArray(op, a, aOffset, b, bOffset, out, outOffset, vectors);
        }
        if (vectors < n) {
            scalar.binary(op, a, aOffset + vectors * 8, 8, b, bOffset + (bStride == 0 ? 0 : vectors * 8), bStride, out,
                    outOffset + vectors * 8, 8, n - vectors);
        }
    }
}
