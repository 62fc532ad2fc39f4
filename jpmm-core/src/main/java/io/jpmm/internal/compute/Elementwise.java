package io.jpmm.internal.compute;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.medium.Residency;
import java.lang.foreign.MemorySegment;

/**
 * Element-wise operations over views of any dtype, layout and broadcast shape, the way NumPy's
 * buffered ufunc loops run them: each run of elements is read in chunks into a buffer of the
 * computation type ({@code double}, {@code float} or {@code long}), computed by a plain loop in
 * {@link Kernels}, and written back converted to the output's dtype. An input that overlaps the
 * output other than element for element is copied first, as NumPy does.
 */
public final class Elementwise {
    /** Elements per buffer: small enough to stay in the L1 cache, large enough to amortise each step. */
    static final int CHUNK = 1024;

    /** How elements are held while they are computed on. */
    enum Buffer {
        DOUBLE, FLOAT, LONG, UNSIGNED_LONG;

        static Buffer of(DType type) {
            return switch (type) {
                case FLOAT64 -> DOUBLE;
                case FLOAT32, FLOAT16, BFLOAT16 -> FLOAT;
                case UINT64 -> UNSIGNED_LONG;
                case COMPLEX64, COMPLEX128 -> throw new UnsupportedOperationException(
                        "arithmetic on complex arrays is not supported; compute on the real and imaginary parts");
                default -> LONG;
            };
        }
    }

    private Elementwise() {
    }

    /**
     * {@code out = op(a, b)}, computed in {@code compute}'s type; {@code out} has the broadcast shape
     * of {@code a} and {@code b}. If {@code out}'s dtype is not the loop's result type (bool for
     * comparisons, {@code compute} otherwise), the result is rounded to that type first, as NumPy
     * casts a loop's output.
     */
    public static void binary(BinaryOp op, View a, View b, View out, DType compute) {
        DType result = op.givesBool() ? DType.BOOL : compute;
        if (out.dtype() != result) {
            View exact = View.allocate(result, out.shape());
            binary(op, a, b, exact, compute);
            cast(exact, out);
            return;
        }
        View x = detach(a, out);
        View y = detach(b, out);
        long[] shape = out.shape();
        ArrayLayout[] layouts = {x.layout().broadcastTo(shape), y.layout().broadcastTo(shape), out.layout()};
        MemorySegment[] memories = {x.memory(), y.memory(), out.memory()};
        if (compute == DType.FLOAT64 && x.dtype() == DType.FLOAT64 && y.dtype() == DType.FLOAT64
                && out.dtype() == DType.FLOAT64 && Float64Loops.supports(op)) {
            Float64Loops loops = Float64Loops.get();
            // Element-wise results do not depend on how a run is cut: large shelf mappings are passed
            // a span at a time, and let go of each span behind them.
            StridedLoop.forEachReleasing(shape, layouts, new MemorySegment[] {x.memory(), y.memory(), out.memory()},
                    Residency.SPAN / 8, (offsets, strides, count) -> loops.binary(op, x.memory(), offsets[0], strides[0],
                            y.memory(), offsets[1], strides[1], out.memory(), offsets[2], strides[2], count));
            return;
        }
        Buffer buffer = op.isLogical() ? Buffer.DOUBLE : Buffer.of(compute);
        Scratch scratch = Scratch.SCRATCH.get();
        long[] flags = op.givesBool() ? scratch.flags : null;
        switch (buffer) {
            case DOUBLE -> {
                double[] p = scratch.doubles[0];
                double[] q = scratch.doubles[1];
                double[] r = scratch.doubles[2];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Loads.load(y.dtype(), y.memory(), offsets[1], strides[1], q, n);
                    if (flags != null) {
                        Kernels.compare(op, p, q, flags, n);
                        Stores.store(flags, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    } else {
                        Kernels.binary(op, p, q, r, n);
                        Stores.store(r, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    }
                });
            }
            case FLOAT -> {
                float[] p = scratch.floats[0];
                float[] q = scratch.floats[1];
                float[] r = scratch.floats[2];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Loads.load(y.dtype(), y.memory(), offsets[1], strides[1], q, n);
                    if (flags != null) {
                        Kernels.compare(op, p, q, flags, n);
                        Stores.store(flags, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    } else {
                        Kernels.binary(op, p, q, r, n);
                        Stores.store(r, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    }
                });
            }
            case LONG, UNSIGNED_LONG -> {
                boolean unsigned = buffer == Buffer.UNSIGNED_LONG;
                long[] p = scratch.longs[0];
                long[] q = scratch.longs[1];
                long[] r = scratch.longs[2];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Loads.load(y.dtype(), y.memory(), offsets[1], strides[1], q, n);
                    if (flags != null) {
                        if (unsigned) {
                            Kernels.compareUnsigned(op, p, q, flags, n);
                        } else {
                            Kernels.compare(op, p, q, flags, n);
                        }
                        Stores.store(flags, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    } else if (unsigned) {
                        Kernels.binaryUnsigned(op, p, q, r, n);
                        Stores.storeUnsigned(r, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    } else {
                        Kernels.binary(op, p, q, r, n);
                        Stores.store(r, n, out.dtype(), out.memory(), offsets[2], strides[2]);
                    }
                });
            }
        }
    }

    /** {@code out = op(a)}, computed in {@code compute}'s type (bool output for logical_not). */
    public static void unary(UnaryOp op, View a, View out, DType compute) {
        if (op == UnaryOp.LOGICAL_NOT) {
            View zero = View.allocate(a.dtype(), new long[0]);
            binary(BinaryOp.EQUAL, a, zero, out, Promotion.resultType(a.dtype(), a.dtype()));
            return;
        }
        if (out.dtype() != compute) {
            View exact = View.allocate(compute, out.shape());
            unary(op, a, exact, compute);
            cast(exact, out);
            return;
        }
        View x = detach(a, out);
        long[] shape = out.shape();
        ArrayLayout[] layouts = {x.layout().broadcastTo(shape), out.layout()};
        MemorySegment[] memories = {x.memory(), out.memory()};
        switch (Buffer.of(compute)) {
            case DOUBLE -> {
                double[] p = new double[CHUNK];
                double[] r = new double[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Kernels.unary(op, p, r, n);
                    Stores.store(r, n, out.dtype(), out.memory(), offsets[1], strides[1]);
                });
            }
            case FLOAT -> {
                float[] p = new float[CHUNK];
                float[] r = new float[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Kernels.unary(op, p, r, n);
                    Stores.store(r, n, out.dtype(), out.memory(), offsets[1], strides[1]);
                });
            }
            case LONG -> {
                long[] p = new long[CHUNK];
                long[] r = new long[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Kernels.unary(op, p, r, n);
                    Stores.store(r, n, out.dtype(), out.memory(), offsets[1], strides[1]);
                });
            }
            case UNSIGNED_LONG -> {
                long[] p = new long[CHUNK];
                long[] r = new long[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(x.dtype(), x.memory(), offsets[0], strides[0], p, n);
                    Kernels.unaryUnsigned(op, p, r, n);
                    Stores.storeUnsigned(r, n, out.dtype(), out.memory(), offsets[1], strides[1]);
                });
            }
        }
    }

    /** {@code out = condition ? x : y}, element by element, broadcasting all four; x and y already have out's dtype. */
    public static void where(View condition, View x, View y, View out) {
        View c = detach(condition, out);
        View p = detach(x, out);
        View q = detach(y, out);
        long[] shape = out.shape();
        ArrayLayout[] layouts = {c.layout().broadcastTo(shape), p.layout().broadcastTo(shape),
                q.layout().broadcastTo(shape), out.layout()};
        MemorySegment[] memories = {c.memory(), p.memory(), q.memory(), out.memory()};
        int item = out.dtype().itemSize();
        double[] truth = new double[CHUNK];
        chunks(shape, layouts, memories, (offsets, strides, n) -> {
            Loads.load(c.dtype(), c.memory(), offsets[0], strides[0], truth, n);
            for (int i = 0; i < n; i++) {
                boolean pick = truth[i] != 0;
                MemorySegment.copy(pick ? p.memory() : q.memory(), pick ? offsets[1] + i * strides[1] : offsets[2] + i * strides[2],
                        out.memory(), offsets[3] + i * strides[3], item);
            }
        });
    }

    /**
     * Copies {@code source}, broadcast to {@code target}'s shape, into {@code target}, converting
     * as NumPy's {@code astype(casting='unsafe')} does.
     */
    public static void cast(View source, View target) {
        if (source.dtype().isComplex() && !target.dtype().isComplex()) {
            throw new UnsupportedOperationException("cannot convert " + source.dtype() + " to " + target.dtype()
                    + " without dropping imaginary parts; copy the parts you need element by element");
        }
        View from = detach(source, target);
        long[] shape = target.shape();
        ArrayLayout[] layouts = {from.layout().broadcastTo(shape), target.layout()};
        MemorySegment[] memories = {from.memory(), target.memory()};
        if (from.dtype() == target.dtype() || from.dtype().isComplex()) {
            copyElements(from, target, shape, layouts);
            return;
        }
        switch (Buffer.of(from.dtype())) {
            case DOUBLE -> {
                double[] values = new double[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(from.dtype(), from.memory(), offsets[0], strides[0], values, n);
                    Stores.store(values, n, target.dtype(), target.memory(), offsets[1], strides[1]);
                });
            }
            case FLOAT -> {
                float[] values = new float[CHUNK];
                // NumPy's float16 to uint32 cast truncates through int64 (NaN and infinities give 0).
                long[] viaInt64 = from.dtype() == DType.FLOAT16 && target.dtype() == DType.UINT32 ? new long[CHUNK] : null;
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(from.dtype(), from.memory(), offsets[0], strides[0], values, n);
                    if (viaInt64 != null) {
                        for (int i = 0; i < n; i++) {
                            viaInt64[i] = Casts.toInt64(values[i]);
                        }
                        Stores.store(viaInt64, n, target.dtype(), target.memory(), offsets[1], strides[1]);
                    } else {
                        Stores.store(values, n, target.dtype(), target.memory(), offsets[1], strides[1]);
                    }
                });
            }
            case LONG, UNSIGNED_LONG -> {
                boolean unsigned = from.dtype() == DType.UINT64;
                long[] values = new long[CHUNK];
                chunks(shape, layouts, memories, (offsets, strides, n) -> {
                    Loads.load(from.dtype(), from.memory(), offsets[0], strides[0], values, n);
                    if (unsigned) {
                        Stores.storeUnsigned(values, n, target.dtype(), target.memory(), offsets[1], strides[1]);
                    } else {
                        Stores.store(values, n, target.dtype(), target.memory(), offsets[1], strides[1]);
                    }
                });
            }
        }
    }

    /** Same-dtype copies (and complex to complex): bytes, with the two complex widths converted part by part. */
    private static void copyElements(View from, View target, long[] shape, ArrayLayout[] layouts) {
        int item = from.dtype().itemSize();
        boolean sameType = from.dtype() == target.dtype();
        StridedLoop.forEach(shape, layouts, (offsets, strides, count) -> {
            if (sameType && strides[0] == item && strides[1] == item) {
                MemorySegment.copy(from.memory(), offsets[0], target.memory(), offsets[1], count * item);
                return;
            }
            for (long i = 0; i < count; i++) {
                long a = offsets[0] + i * strides[0];
                long b = offsets[1] + i * strides[1];
                if (sameType) {
                    MemorySegment.copy(from.memory(), a, target.memory(), b, item);
                } else {
                    ArrayOps.setComplex(target.dtype(), target.memory(), b, ArrayOps.real(from.dtype(), from.memory(), a),
                            ArrayOps.imaginary(from.dtype(), from.memory(), a));
                }
            }
        });
    }

    /** A run of at most {@link #CHUNK} elements of each operand. */
    @FunctionalInterface
    interface Chunk {
        void run(long[] offsets, long[] strides, int count);
    }

    /**
     * Splits every run of the loop into chunks of at most {@link #CHUNK} elements; a large shelf
     * mapping among {@code memories} (one per layout) lets go of the pages a run has passed.
     */
    static void chunks(long[] shape, ArrayLayout[] layouts, MemorySegment[] memories, Chunk chunk) {
        // A span of the widest dtype holds whole chunks: cutting there moves no chunk boundary.
        StridedLoop.forEachReleasing(shape, layouts, memories, Residency.SPAN / 16, (offsets, strides, count) -> {
            long[] at = offsets.clone();
            for (long done = 0; done < count; done += CHUNK) {
                int n = (int) Math.min(CHUNK, count - done);
                chunk.run(at, strides, n);
                for (int v = 0; v < at.length; v++) {
                    at[v] += n * strides[v];
                }
            }
        });
    }

    /** {@code input} itself, or a copy of it if writing {@code output} would change it under the loop. */
    static View detach(View input, View output) {
        if (!output.overlapsDifferently(input)) {
            return input;
        }
        View copy = View.allocate(input.dtype(), input.shape());
        cast(input, copy);
        return copy;
    }

    /**
     * A thread's staging for {@link #binary}: reductions along an outer axis call it once per slice,
     * and fresh arrays for each call cost more than the arithmetic on short slices. Nothing binary
     * calls stages through it again, so one set per thread is enough.
     */
    private static final class Scratch {
        static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
        final double[][] doubles = new double[3][CHUNK];
        final float[][] floats = new float[3][CHUNK];
        final long[][] longs = new long[3][CHUNK];
        final long[] flags = new long[CHUNK];
    }
}
