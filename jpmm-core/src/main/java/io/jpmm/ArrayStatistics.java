package io.jpmm;

import io.jpmm.internal.compute.BinaryOp;
import io.jpmm.internal.compute.Promotion;
import io.jpmm.internal.compute.Reductions;
import io.jpmm.internal.compute.UnaryOp;
import io.jpmm.internal.compute.View;

/**
 * The reductions of {@link NdArray} with NumPy's result types: sums and products of integers in
 * int64 (uint64 for unsigned), means and variances of integers in float64, of float16 and bfloat16
 * through float32; the computations in the order NumPy performs them.
 */
final class ArrayStatistics {
    private ArrayStatistics() {
    }

    /** A reduction over everything ({@code axis} null) or along one axis. */
    static NdArray reduce(NdArray a, Reductions.Reducer reducer, Integer axis) {
        requireReal(a, reducer.name().toLowerCase(java.util.Locale.ROOT));
        DType compute = switch (reducer) {
            case SUM, PROD -> Promotion.accumulator(a.dtype());
            case ANY, ALL -> DType.BOOL;
            default -> a.dtype();
        };
        return reduceInto(a, reducer, axis, compute, compute);
    }

    private static NdArray reduceInto(NdArray a, Reductions.Reducer reducer, Integer axis, DType compute, DType result) {
        View input = a.view();
        if (axis == null) {
            NdArray out = NdArray.result(result);
            Reductions.reduceAll(reducer, input, out.writableView(), compute);
            return out;
        }
        int resolved = input.layout().normalizeAxis(axis);
        NdArray out = NdArray.result(result, without(input.shape(), resolved));
        Reductions.reduce(reducer, input, resolved, out.writableView(), compute);
        return out;
    }

    static NdArray mean(NdArray a, Integer axis) {
        requireReal(a, "mean");
        DType compute = meanType(a.dtype());
        NdArray sum = reduceInto(a, Reductions.Reducer.SUM, axis, compute, compute);
        long count = axis == null ? a.size() : a.dim(a.view().layout().normalizeAxis(axis));
        NdArray mean = NdMath.binary(BinaryOp.DIVIDE, sum, NdArray.result(compute).fill((double) count), sum);
        return mean.astype(resultType(a.dtype()));
    }

    /** NumPy's {@code _var}: the mean, the squared deviations from it, their mean with {@code ddof}. */
    static NdArray variance(NdArray a, Integer axis, int ddof) {
        requireReal(a, "var");
        // NumPy's _var, unlike _mean, computes float16 in float16.
        DType compute = a.dtype().isFloatingPoint() ? a.dtype() : DType.FLOAT64;
        NdArray sum = reduceInto(a, Reductions.Reducer.SUM, axis, compute, compute);
        long count = axis == null ? a.size() : a.dim(a.view().layout().normalizeAxis(axis));
        NdArray mean = NdMath.binary(BinaryOp.DIVIDE, sum, NdArray.result(compute).fill((double) count), sum);
        NdArray kept = axis == null ? mean : mean.expandDims(a.view().layout().normalizeAxis(axis));
        NdArray deviations = NdMath.binary(BinaryOp.SUBTRACT, a, kept, null);
        NdArray squares = NdMath.binary(BinaryOp.MULTIPLY, deviations, deviations, deviations);
        NdArray total = reduceInto(squares, Reductions.Reducer.SUM, axis, compute, compute);
        double divisor = Math.max(count - ddof, 0);
        NdArray variance = NdMath.binary(BinaryOp.DIVIDE, total, NdArray.result(compute).fill(divisor), total);
        return variance.astype(resultType(a.dtype()));
    }

    static NdArray std(NdArray a, Integer axis, int ddof) {
        NdArray variance = variance(a, axis, ddof);
        return NdMath.unary(UnaryOp.SQRT, variance, variance);
    }

    static NdArray argExtreme(NdArray a, boolean max, Integer axis) {
        requireReal(a, max ? "argmax" : "argmin");
        View input = a.view();
        if (axis == null) {
            NdArray out = NdArray.result(DType.INT64);
            Reductions.argExtreme(max, input, -1, out.writableView());
            return out;
        }
        int resolved = input.layout().normalizeAxis(axis);
        NdArray out = NdArray.result(DType.INT64, without(input.shape(), resolved));
        Reductions.argExtreme(max, input, resolved, out.writableView());
        return out;
    }

    static NdArray cumulativeSum(NdArray a, Integer axis) {
        requireReal(a, "cumsum");
        NdArray source = axis == null ? a.ravel() : a;
        int resolved = axis == null ? 0 : source.view().layout().normalizeAxis(axis);
        NdArray out = NdArray.result(Promotion.accumulator(a.dtype()), source.shape());
        Reductions.cumulativeSum(source.view(), resolved, out.writableView());
        return out;
    }

    /**
     * What a mean is summed in, as NumPy's {@code _mean} picks it: float64 for integers and bool,
     * float32 for float16, the array's own type otherwise (bfloat16 too, which NumPy does not know
     * as a float16).
     */
    private static DType meanType(DType type) {
        return switch (type) {
            case FLOAT16 -> DType.FLOAT32;
            case BFLOAT16, FLOAT32, FLOAT64 -> type;
            default -> DType.FLOAT64;
        };
    }

    private static long[] without(long[] shape, int axis) {
        long[] result = new long[shape.length - 1];
        System.arraycopy(shape, 0, result, 0, axis);
        System.arraycopy(shape, axis + 1, result, axis, shape.length - axis - 1);
        return result;
    }

    private static DType resultType(DType type) {
        return type.isFloatingPoint() ? type : DType.FLOAT64;
    }

    private static void requireReal(NdArray a, String operation) {
        if (a.dtype().isComplex()) {
            throw new UnsupportedOperationException(operation + " of a complex array is not supported;"
                    + " reduce the real and imaginary parts");
        }
    }
}
