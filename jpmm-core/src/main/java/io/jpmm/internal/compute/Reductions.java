package io.jpmm.internal.compute;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.medium.Residency;
import java.lang.foreign.MemorySegment;

/**
 * Reductions over a whole array or along one axis, in NumPy's accumulator types and orders: float
 * sums are pairwise along each run; along an axis that is not the innermost in memory, slices are
 * accumulated one after another into the output, as NumPy does, which keeps the reads sequential.
 */
public final class Reductions {
    /** What a reduction combines with. */
    public enum Reducer {
        SUM(BinaryOp.ADD), PROD(BinaryOp.MULTIPLY), MIN(BinaryOp.MINIMUM), MAX(BinaryOp.MAXIMUM),
        ANY(BinaryOp.LOGICAL_OR), ALL(BinaryOp.LOGICAL_AND);

        private final BinaryOp op;

        Reducer(BinaryOp op) {
            this.op = op;
        }

        boolean hasIdentity() {
            return this != MIN && this != MAX;
        }
    }

    private Reductions() {
    }

    /** Reduces every element of {@code a} into the single element of {@code out}, computing in {@code compute}. */
    public static void reduceAll(Reducer reducer, View a, View out, DType compute) {
        requireNonEmpty(reducer, a.layout().size());
        if (a.layout().size() == 0) {
            fillIdentity(reducer, out);
            return;
        }
        Accumulator accumulator = Accumulator.of(reducer, compute);
        StridedLoop.Run accept = (offsets, strides, count) -> accumulator.accept(a.dtype(), a.memory(), offsets[0], count,
                strides[0]);
        if (reducer == Reducer.SUM && (a.dtype() == DType.FLOAT64 || a.dtype() == DType.FLOAT32 && compute == DType.FLOAT32)) {
            // A pairwise sum over the whole run (NumPy's order of additions) lets go of pages itself.
            StridedLoop.forEach(a.shape(), new ArrayLayout[] {a.layout()}, accept);
        } else {
            // The other accumulators work in chunks of Elementwise.CHUNK elements, which a span holds whole
            // numbers of: cutting runs at spans changes no result.
            StridedLoop.forEachReleasing(a.shape(), new ArrayLayout[] {a.layout()}, new MemorySegment[] {a.memory()},
                    Residency.SPAN / a.dtype().itemSize(), accept);
        }
        accumulator.store(out.dtype(), out.memory(), out.layout().offset());
    }

    /** Reduces {@code a} along {@code axis} into {@code out}, which has {@code a}'s shape without that axis. */
    public static void reduce(Reducer reducer, View a, int axis, View out, DType compute) {
        long length = a.layout().dim(axis);
        if (length == 0 || out.layout().size() == 0) {
            requireNonEmpty(reducer, length);
            fillIdentity(reducer, out);
            return;
        }
        if (!innermost(a.layout(), axis)) {
            // Slice after slice into the output: sequential reads, and NumPy's order of additions.
            Elementwise.cast(a.with(a.layout().at(axis, 0)), out);
            if (reducer == Reducer.SUM && compute == DType.FLOAT64 && a.dtype() == DType.FLOAT64
                    && out.dtype() == DType.FLOAT64 && out.layout().isContiguous() && a.layout().at(axis, 0).isContiguous()) {
                // Contiguous slices: one loop call per slice, no per-slice set-up.
                Float64Loops loops = Float64Loops.get();
                long first = a.layout().at(axis, 0).offset();
                long stride = a.layout().stride(axis);
                long count = out.layout().size();
                long to = out.layout().offset();
                for (long i = 1; i < length; i++) {
                    loops.binary(BinaryOp.ADD, out.memory(), to, 8, a.memory(), first + i * stride, 8, out.memory(), to, 8, count);
                }
                return;
            }
            for (long i = 1; i < length; i++) {
                Elementwise.binary(reducer.op, out, a.with(a.layout().at(axis, i)), out, compute);
            }
            return;
        }
        Accumulator accumulator = Accumulator.of(reducer, compute);
        long stride = a.layout().stride(axis);
        ArrayLayout lanes = a.layout().at(axis, 0);
        StridedLoop.forEach(out.shape(), new ArrayLayout[] {lanes, out.layout()}, (offsets, strides, count) -> {
            for (long i = 0; i < count; i++) {
                accumulator.reset();
                accumulator.accept(a.dtype(), a.memory(), offsets[0] + i * strides[0], length, stride);
                accumulator.store(out.dtype(), out.memory(), offsets[1] + i * strides[1]);
            }
        });
    }

    /**
     * The index of the first largest ({@code max}) or smallest element of each lane along {@code axis}
     * into int64 {@code out}, or, with {@code axis} negative, of the whole array in C order. A NaN
     * counts as the extreme, as in NumPy.
     */
    public static void argExtreme(boolean max, View a, int axis, View out) {
        String name = max ? "argmax" : "argmin";
        if (axis < 0) {
            requireNonEmpty(name, a.layout().size());
            Finder finder = new Finder(max, a.dtype());
            StridedLoop.forEach(a.shape(), new ArrayLayout[] {a.layout()},
                    (offsets, strides, count) -> finder.accept(a.memory(), offsets[0], count, strides[0]));
            out.memory().set(io.jpmm.internal.array.ElementCodec.LONG, out.layout().offset(), finder.best);
            return;
        }
        long length = a.layout().dim(axis);
        requireNonEmpty(name, length);
        long stride = a.layout().stride(axis);
        StridedLoop.forEach(out.shape(), new ArrayLayout[] {a.layout().at(axis, 0), out.layout()},
                (offsets, strides, count) -> {
                    for (long i = 0; i < count; i++) {
                        Finder finder = new Finder(max, a.dtype());
                        finder.accept(a.memory(), offsets[0] + i * strides[0], length, stride);
                        out.memory().set(io.jpmm.internal.array.ElementCodec.LONG, offsets[1] + i * strides[1], finder.best);
                    }
                });
    }

    /** Running sums along {@code axis} into {@code out} (same shape), accumulated in {@code out}'s dtype. */
    public static void cumulativeSum(View a, int axis, View out) {
        long length = a.layout().dim(axis);
        if (length == 0 || out.layout().size() == 0) {
            return;
        }
        View source = Elementwise.detach(a, out);
        long inStride = source.layout().stride(axis);
        long outStride = out.layout().stride(axis);
        Elementwise.Buffer buffer = Elementwise.Buffer.of(out.dtype());
        StridedLoop.forEach(out.layout().at(axis, 0).dims(),
                new ArrayLayout[] {source.layout().at(axis, 0), out.layout().at(axis, 0)}, (offsets, strides, count) -> {
                    for (long lane = 0; lane < count; lane++) {
                        long in = offsets[0] + lane * strides[0];
                        long to = offsets[1] + lane * strides[1];
                        runningSum(buffer, source, in, inStride, out, to, outStride, length);
                    }
                });
    }

    private static void runningSum(Elementwise.Buffer buffer, View a, long in, long inStride, View out, long to,
                                   long outStride, long length) {
        int chunk = Elementwise.CHUNK;
        switch (buffer) {
            case DOUBLE -> {
                double[] values = new double[chunk];
                double carry = 0;
                for (long done = 0; done < length; done += chunk) {
                    int n = (int) Math.min(chunk, length - done);
                    Loads.load(a.dtype(), a.memory(), in + done * inStride, inStride, values, n);
                    for (int i = 0; i < n; i++) {
                        carry += values[i];
                        values[i] = carry;
                    }
                    Stores.store(values, n, out.dtype(), out.memory(), to + done * outStride, outStride);
                }
            }
            case FLOAT -> {
                float[] values = new float[chunk];
                float carry = 0;
                for (long done = 0; done < length; done += chunk) {
                    int n = (int) Math.min(chunk, length - done);
                    Loads.load(a.dtype(), a.memory(), in + done * inStride, inStride, values, n);
                    for (int i = 0; i < n; i++) {
                        carry = roundTo(out.dtype(), carry + values[i]);
                        values[i] = carry;
                    }
                    Stores.store(values, n, out.dtype(), out.memory(), to + done * outStride, outStride);
                }
            }
            case LONG, UNSIGNED_LONG -> {
                long[] values = new long[chunk];
                long carry = 0;
                for (long done = 0; done < length; done += chunk) {
                    int n = (int) Math.min(chunk, length - done);
                    Loads.load(a.dtype(), a.memory(), in + done * inStride, inStride, values, n);
                    for (int i = 0; i < n; i++) {
                        carry += values[i];
                        values[i] = carry;
                    }
                    Stores.store(values, n, out.dtype(), out.memory(), to + done * outStride, outStride);
                }
            }
        }
    }

    /** A float16 or bfloat16 running value is rounded at every step, as NumPy's loops store it. */
    private static float roundTo(DType type, float value) {
        return switch (type) {
            case FLOAT16 -> Float.float16ToFloat(Float.floatToFloat16(value));
            case BFLOAT16 -> Casts.fromBfloat16(Casts.toBfloat16(value));
            default -> value;
        };
    }

    /** Whether {@code axis} has the smallest stride of the axes longer than one, so its lanes are read in order. */
    private static boolean innermost(ArrayLayout layout, int axis) {
        long own = Math.abs(layout.stride(axis));
        for (int other = 0; other < layout.rank(); other++) {
            if (other != axis && layout.dim(other) > 1 && Math.abs(layout.stride(other)) < own) {
                return false;
            }
        }
        return true;
    }

    private static void fillIdentity(Reducer reducer, View out) {
        View identity = View.allocate(DType.INT64, new long[0]);
        identity.memory().set(io.jpmm.internal.array.ElementCodec.LONG, 0,
                reducer == Reducer.PROD || reducer == Reducer.ALL ? 1 : 0);
        Elementwise.cast(identity, out);
    }

    private static void requireNonEmpty(Reducer reducer, long size) {
        if (size == 0 && !reducer.hasIdentity()) {
            requireNonEmpty(reducer == Reducer.MIN ? "minimum" : "maximum", size);
        }
    }

    private static void requireNonEmpty(String operation, long size) {
        if (size == 0) {
            throw new IllegalArgumentException("zero-size array to reduction operation " + operation
                    + " which has no identity");
        }
    }

    /** Finds the first extreme element, counting elements across the runs it is given. */
    private static final class Finder {
        private final boolean max;
        private final DType dtype;
        private final Elementwise.Buffer buffer;
        private final double[] doubles = new double[Elementwise.CHUNK];
        private final long[] longs = new long[Elementwise.CHUNK];
        private long seen;
        private long best = -1;
        private double bestDouble;
        private long bestLong;
        private boolean foundNaN;

        Finder(boolean max, DType dtype) {
            this.max = max;
            this.dtype = dtype;
            this.buffer = dtype.isFloatingPoint() ? Elementwise.Buffer.DOUBLE : Elementwise.Buffer.of(dtype);
        }

        void accept(MemorySegment m, long offset, long count, long stride) {
            for (long done = 0; done < count; done += Elementwise.CHUNK) {
                int n = (int) Math.min(Elementwise.CHUNK, count - done);
                long at = offset + done * stride;
                if (buffer == Elementwise.Buffer.DOUBLE) {
                    Loads.load(dtype, m, at, stride, doubles, n);
                    for (int i = 0; i < n && !foundNaN; i++) {
                        double value = doubles[i];
                        if (value != value) {
                            foundNaN = true;
                            best = seen + i;
                        } else if (best < 0 || (max ? value > bestDouble : value < bestDouble)) {
                            best = seen + i;
                            bestDouble = value;
                        }
                    }
                } else {
                    Loads.load(dtype, m, at, stride, longs, n);
                    boolean unsigned = buffer == Elementwise.Buffer.UNSIGNED_LONG;
                    for (int i = 0; i < n; i++) {
                        long value = longs[i];
                        int order = unsigned ? Long.compareUnsigned(value, bestLong) : Long.compare(value, bestLong);
                        if (best < 0 || (max ? order > 0 : order < 0)) {
                            best = seen + i;
                            bestLong = value;
                        }
                    }
                }
                seen += n;
            }
        }
    }

    /** A reduction's running value in the computation type, fed runs of elements. */
    private abstract static sealed class Accumulator {
        final Reducer reducer;

        Accumulator(Reducer reducer) {
            this.reducer = reducer;
        }

        static Accumulator of(Reducer reducer, DType compute) {
            if (reducer == Reducer.ANY || reducer == Reducer.ALL) {
                return new Doubles(reducer, compute);
            }
            return switch (Elementwise.Buffer.of(compute)) {
                case DOUBLE -> new Doubles(reducer, compute);
                case FLOAT -> new Floats(reducer, compute);
                case LONG -> new Longs(reducer, false);
                case UNSIGNED_LONG -> new Longs(reducer, true);
            };
        }

        abstract void reset();

        abstract void accept(DType dtype, MemorySegment m, long offset, long count, long stride);

        abstract void store(DType dtype, MemorySegment m, long offset);

        private static final class Doubles extends Accumulator {
            private final double[] buffer = new double[Elementwise.CHUNK];
            private final double[] result = new double[1];
            private final boolean truth;
            private double value;

            Doubles(Reducer reducer, DType compute) {
                super(reducer);
                this.truth = reducer == Reducer.ANY || reducer == Reducer.ALL;
                reset();
            }

            @Override
            void reset() {
                value = switch (reducer) {
                    case SUM -> -0.0;
                    case PROD, ALL -> 1;
                    case ANY -> 0;
                    case MIN -> Double.POSITIVE_INFINITY;
                    case MAX -> Double.NEGATIVE_INFINITY;
                };
            }

            @Override
            void accept(DType dtype, MemorySegment m, long offset, long count, long stride) {
                if (reducer == Reducer.SUM && dtype == DType.FLOAT64) {
                    value += Float64Loops.get().sum(m, offset, count, stride);
                    return;
                }
                for (long done = 0; done < count; done += Elementwise.CHUNK) {
                    int n = (int) Math.min(Elementwise.CHUNK, count - done);
                    Loads.load(dtype, m, offset + done * stride, stride, buffer, n);
                    combine(n);
                }
            }

            private void combine(int n) {
                double v = value;
                switch (reducer) {
                    case SUM -> v += Pairwise.sum(buffer, 0, n);
                    case PROD -> {
                        for (int i = 0; i < n; i++) {
                            v *= buffer[i];
                        }
                    }
                    case MIN -> {
                        for (int i = 0; i < n; i++) {
                            double x = buffer[i];
                            v = v <= x || v != v ? v : x;
                        }
                    }
                    case MAX -> {
                        for (int i = 0; i < n; i++) {
                            double x = buffer[i];
                            v = v >= x || v != v ? v : x;
                        }
                    }
                    case ANY -> {
                        for (int i = 0; i < n && v == 0; i++) {
                            v = buffer[i] != 0 ? 1 : 0;
                        }
                    }
                    case ALL -> {
                        for (int i = 0; i < n && v != 0; i++) {
                            v = buffer[i] != 0 ? 1 : 0;
                        }
                    }
                }
                value = v;
            }

            @Override
            void store(DType dtype, MemorySegment m, long offset) {
                result[0] = truth ? (value != 0 ? 1 : 0) : value;
                Stores.store(result, 1, dtype, m, offset, 0);
            }
        }

        private static final class Floats extends Accumulator {
            private final DType compute;
            private final float[] buffer = new float[Elementwise.CHUNK];
            private final float[] result = new float[1];
            private float value;

            Floats(Reducer reducer, DType compute) {
                super(reducer);
                this.compute = compute;
                reset();
            }

            @Override
            void reset() {
                value = switch (reducer) {
                    case SUM -> -0.0f;
                    case PROD -> 1;
                    case MIN -> Float.POSITIVE_INFINITY;
                    case MAX -> Float.NEGATIVE_INFINITY;
                    default -> throw new IllegalStateException(reducer.toString());
                };
            }

            @Override
            void accept(DType dtype, MemorySegment m, long offset, long count, long stride) {
                if (reducer == Reducer.SUM && dtype == DType.FLOAT32 && compute == DType.FLOAT32) {
                    value += Pairwise.sumFloat(m, offset, count, stride);
                    return;
                }
                // ml_dtypes' bfloat16 loops round every step; NumPy's float16 loops round once at the end.
                boolean everyStep = compute == DType.BFLOAT16;
                for (long done = 0; done < count; done += Elementwise.CHUNK) {
                    int n = (int) Math.min(Elementwise.CHUNK, count - done);
                    Loads.load(dtype, m, offset + done * stride, stride, buffer, n);
                    float v = value;
                    switch (reducer) {
                        case SUM -> {
                            if (everyStep) {
                                for (int i = 0; i < n; i++) {
                                    v = roundTo(compute, v + buffer[i]);
                                }
                            } else {
                                v += Pairwise.sum(buffer, 0, n);
                            }
                        }
                        case PROD -> {
                            for (int i = 0; i < n; i++) {
                                v = everyStep ? roundTo(compute, v * buffer[i]) : v * buffer[i];
                            }
                        }
                        case MIN -> {
                            for (int i = 0; i < n; i++) {
                                float x = buffer[i];
                                v = v <= x || v != v ? v : x;
                            }
                        }
                        case MAX -> {
                            for (int i = 0; i < n; i++) {
                                float x = buffer[i];
                                v = v >= x || v != v ? v : x;
                            }
                        }
                        default -> throw new IllegalStateException(reducer.toString());
                    }
                    value = v;
                }
            }

            @Override
            void store(DType dtype, MemorySegment m, long offset) {
                result[0] = value;
                Stores.store(result, 1, dtype, m, offset, 0);
            }
        }

        private static final class Longs extends Accumulator {
            private final boolean unsigned;
            private final long[] buffer = new long[Elementwise.CHUNK];
            private final long[] result = new long[1];
            private long value;

            Longs(Reducer reducer, boolean unsigned) {
                super(reducer);
                this.unsigned = unsigned;
                reset();
            }

            @Override
            void reset() {
                value = switch (reducer) {
                    case SUM -> 0;
                    case PROD -> 1;
                    case MIN -> unsigned ? -1 : Long.MAX_VALUE;
                    case MAX -> unsigned ? 0 : Long.MIN_VALUE;
                    default -> throw new IllegalStateException(reducer.toString());
                };
            }

            @Override
            void accept(DType dtype, MemorySegment m, long offset, long count, long stride) {
                for (long done = 0; done < count; done += Elementwise.CHUNK) {
                    int n = (int) Math.min(Elementwise.CHUNK, count - done);
                    Loads.load(dtype, m, offset + done * stride, stride, buffer, n);
                    long v = value;
                    switch (reducer) {
                        case SUM -> {
                            for (int i = 0; i < n; i++) {
                                v += buffer[i];
                            }
                        }
                        case PROD -> {
                            for (int i = 0; i < n; i++) {
                                v *= buffer[i];
                            }
                        }
                        case MIN -> {
                            for (int i = 0; i < n; i++) {
                                long x = buffer[i];
                                v = (unsigned ? Long.compareUnsigned(x, v) : Long.compare(x, v)) < 0 ? x : v;
                            }
                        }
                        case MAX -> {
                            for (int i = 0; i < n; i++) {
                                long x = buffer[i];
                                v = (unsigned ? Long.compareUnsigned(x, v) : Long.compare(x, v)) > 0 ? x : v;
                            }
                        }
                        default -> throw new IllegalStateException(reducer.toString());
                    }
                    value = v;
                }
            }

            @Override
            void store(DType dtype, MemorySegment m, long offset) {
                result[0] = value;
                if (unsigned) {
                    Stores.storeUnsigned(result, 1, dtype, m, offset, 0);
                } else {
                    Stores.store(result, 1, dtype, m, offset, 0);
                }
            }
        }
    }
}
