package io.jpmm;

import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.compute.BinaryOp;
import io.jpmm.internal.compute.Elementwise;
import io.jpmm.internal.compute.MatMul;
import io.jpmm.internal.compute.Promotion;
import io.jpmm.internal.compute.UnaryOp;
import io.jpmm.internal.compute.View;

/**
 * NumPy's element-wise functions for {@link NdArray}s, as static methods: {@code NdMath.add(a, b)}
 * is {@code np.add(a, b)}. Operands are {@code NdArray}s (DRAM or shelved), Java primitive arrays,
 * or Java scalars ({@code 2}, {@code 0.5}, {@code true}).
 *
 * <p><b>Result types</b> follow NumPy 2 (NEP 50): arrays promote as {@code numpy.result_type}
 * says; a Java scalar is "weak" like a Python scalar, taking the array's dtype when it is of the
 * same kind or a lower one ({@code int8 + 1} is int8, {@code float32 + 0.5} is float32) and its
 * kind's default otherwise ({@code int8 + 0.5} is float64). A scalar the array's dtype cannot
 * hold is refused ({@code uint8 + -1}), as NumPy raises {@code OverflowError}. Integer division
 * ({@link #divide}) gives float64; {@code floorDivide} and {@code mod} follow Python's signs;
 * integer division by zero gives 0; integer results wrap around. float16 and bfloat16 compute in
 * float32 and round the result, as NumPy does. Complex arrays are not computed on.
 *
 * <p><b>Where the result goes.</b> Without {@code out}, a new DRAM array of the broadcast shape.
 * With {@code out} (any array, a shelved one included, or one of the operands for an in-place
 * update), the result is written there, converted as NumPy's {@code casting='same_kind'} allows:
 * a float result is refused for an integer {@code out}. Operands that overlap {@code out} other
 * than element for element are copied first, so {@code add(a.get("1:"), a.get(":-1"), a.get("1:"))}
 * sees the old values.
 */
public final class NdMath {
    private NdMath() {
    }

    public static NdArray add(Object a, Object b) {
        return binary(BinaryOp.ADD, a, b, null);
    }

    public static NdArray add(Object a, Object b, NdArray out) {
        return binary(BinaryOp.ADD, a, b, out);
    }

    public static NdArray subtract(Object a, Object b) {
        return binary(BinaryOp.SUBTRACT, a, b, null);
    }

    public static NdArray subtract(Object a, Object b, NdArray out) {
        return binary(BinaryOp.SUBTRACT, a, b, out);
    }

    public static NdArray multiply(Object a, Object b) {
        return binary(BinaryOp.MULTIPLY, a, b, null);
    }

    public static NdArray multiply(Object a, Object b, NdArray out) {
        return binary(BinaryOp.MULTIPLY, a, b, out);
    }

    /** True division: integers give float64, as in NumPy 3 / 2 == 1.5. */
    public static NdArray divide(Object a, Object b) {
        return binary(BinaryOp.DIVIDE, a, b, null);
    }

    public static NdArray divide(Object a, Object b, NdArray out) {
        return binary(BinaryOp.DIVIDE, a, b, out);
    }

    /** Python's {@code //}: rounds toward negative infinity. */
    public static NdArray floorDivide(Object a, Object b) {
        return binary(BinaryOp.FLOOR_DIVIDE, a, b, null);
    }

    public static NdArray floorDivide(Object a, Object b, NdArray out) {
        return binary(BinaryOp.FLOOR_DIVIDE, a, b, out);
    }

    /** Python's {@code %}: the result has the divisor's sign. */
    public static NdArray mod(Object a, Object b) {
        return binary(BinaryOp.MOD, a, b, null);
    }

    public static NdArray mod(Object a, Object b, NdArray out) {
        return binary(BinaryOp.MOD, a, b, out);
    }

    /** {@code a ** b}; negative integer exponents of integers are refused, as in NumPy. */
    public static NdArray power(Object a, Object b) {
        return binary(BinaryOp.POWER, a, b, null);
    }

    public static NdArray power(Object a, Object b, NdArray out) {
        return binary(BinaryOp.POWER, a, b, out);
    }

    /** The larger of each pair; NaN if either is NaN. */
    public static NdArray maximum(Object a, Object b) {
        return binary(BinaryOp.MAXIMUM, a, b, null);
    }

    /** The smaller of each pair; NaN if either is NaN. */
    public static NdArray minimum(Object a, Object b) {
        return binary(BinaryOp.MINIMUM, a, b, null);
    }

    public static NdArray equal(Object a, Object b) {
        return binary(BinaryOp.EQUAL, a, b, null);
    }

    public static NdArray notEqual(Object a, Object b) {
        return binary(BinaryOp.NOT_EQUAL, a, b, null);
    }

    public static NdArray less(Object a, Object b) {
        return binary(BinaryOp.LESS, a, b, null);
    }

    public static NdArray lessEqual(Object a, Object b) {
        return binary(BinaryOp.LESS_EQUAL, a, b, null);
    }

    public static NdArray greater(Object a, Object b) {
        return binary(BinaryOp.GREATER, a, b, null);
    }

    public static NdArray greaterEqual(Object a, Object b) {
        return binary(BinaryOp.GREATER_EQUAL, a, b, null);
    }

    public static NdArray logicalAnd(Object a, Object b) {
        return binary(BinaryOp.LOGICAL_AND, a, b, null);
    }

    public static NdArray logicalOr(Object a, Object b) {
        return binary(BinaryOp.LOGICAL_OR, a, b, null);
    }

    public static NdArray logicalXor(Object a, Object b) {
        return binary(BinaryOp.LOGICAL_XOR, a, b, null);
    }

    public static NdArray logicalNot(Object a) {
        return unary(UnaryOp.LOGICAL_NOT, a, null);
    }

    public static NdArray negative(Object a) {
        return unary(UnaryOp.NEGATIVE, a, null);
    }

    public static NdArray negative(Object a, NdArray out) {
        return unary(UnaryOp.NEGATIVE, a, out);
    }

    public static NdArray abs(Object a) {
        return unary(UnaryOp.ABS, a, null);
    }

    public static NdArray abs(Object a, NdArray out) {
        return unary(UnaryOp.ABS, a, out);
    }

    /** Integers give the smallest float that holds them: float16 for 8-bit, float32 for 16-bit, float64 above. */
    public static NdArray sqrt(Object a) {
        return unary(UnaryOp.SQRT, a, null);
    }

    public static NdArray sqrt(Object a, NdArray out) {
        return unary(UnaryOp.SQRT, a, out);
    }

    public static NdArray exp(Object a) {
        return unary(UnaryOp.EXP, a, null);
    }

    public static NdArray exp(Object a, NdArray out) {
        return unary(UnaryOp.EXP, a, out);
    }

    public static NdArray log(Object a) {
        return unary(UnaryOp.LOG, a, null);
    }

    public static NdArray log(Object a, NdArray out) {
        return unary(UnaryOp.LOG, a, out);
    }

    public static NdArray sin(Object a) {
        return unary(UnaryOp.SIN, a, null);
    }

    public static NdArray sin(Object a, NdArray out) {
        return unary(UnaryOp.SIN, a, out);
    }

    public static NdArray cos(Object a) {
        return unary(UnaryOp.COS, a, null);
    }

    public static NdArray cos(Object a, NdArray out) {
        return unary(UnaryOp.COS, a, out);
    }

    /** Each element limited to {@code [min, max]}: {@code minimum(maximum(a, min), max)}, as NumPy 2 defines it. */
    public static NdArray clip(Object a, Object min, Object max) {
        return clip(a, min, max, null);
    }

    /**
     * {@link #clip(Object, Object, Object)} into {@code out}. The result type is that of all three
     * operands; an integer bound outside an integer array's range is no bound, as in NumPy 2.
     */
    public static NdArray clip(Object a, Object min, Object max, NdArray out) {
        Operand x = Operand.of(a);
        Operand low = Operand.of(min).clampedTo(x);
        Operand high = Operand.of(max).clampedTo(x);
        DType type = Operand.resultType(x, low, high);
        NdArray target = out;
        if (target == null) {
            long[] shape = ArrayLayout.broadcastShape(x.array(type).shape(), low.array(type).shape(), high.array(type).shape());
            target = NdArray.result(type, shape);
        }
        binary(BinaryOp.MAXIMUM, x.array(type), low.array(type), target);
        return binary(BinaryOp.MINIMUM, target, high.array(type), target);
    }

    /** {@code condition ? x : y}, element by element, all three broadcast together. */
    public static NdArray where(Object condition, Object x, Object y) {
        NdArray cond = Operand.of(condition).array(DType.BOOL);
        Operand p = Operand.of(x);
        Operand q = Operand.of(y);
        DType type = p.resultType(q);
        NdArray first = p.array(type);
        NdArray second = q.array(type);
        long[] shape = ArrayLayout.broadcastShape(cond.shape(), first.shape(), second.shape());
        NdArray out = NdArray.result(type, shape);
        Elementwise.where(cond.view(), first.view(), second.view(), out.writableView());
        return out;
    }

    /**
     * The matrix product as NumPy's {@code matmul} (the {@code @} operator) defines it: vector·vector
     * is a 0-d array, matrix·vector a vector, matrix·matrix a matrix, and arrays of more dimensions
     * are stacks of matrices in their last two axes, the stacks broadcast against each other (a 1-D
     * operand takes part as a matrix of one row on the left, of one column on the right). Float types
     * compute in float64 and round once to the result dtype (for float32 at least as accurate as
     * NumPy's, which sums in float32); integers wrap around in the result dtype, as in NumPy.
     * Products of matrices run blocked and packed, with the Vector API when the JVM has it.
     *
     * @throws IllegalArgumentException if the inner dimensions differ, the stacks do not broadcast, or
     *                                  an operand is 0-d
     */
    public static NdArray matmul(Object a, Object b) {
        NdArray left = Operand.of(a).array(null);
        NdArray right = Operand.of(b).array(null);
        DType type = Promotion.resultType(left.dtype(), right.dtype());
        if (type == DType.BOOL || type.isComplex()) {
            throw new UnsupportedOperationException("matmul of " + type + " arrays is not supported");
        }
        if (left.rank() == 0 || right.rank() == 0) {
            throw new IllegalArgumentException("matmul takes arrays of 1 or more dimensions; got shapes "
                    + Shape.of(left.shape()) + " and " + Shape.of(right.shape()) + " (for a scalar use multiply)");
        }
        ArrayLayout leftLayout = left.rank() == 1 ? left.view().layout().insertAxis(0) : left.view().layout();
        ArrayLayout rightLayout = right.rank() == 1 ? right.view().layout().insertAxis(1) : right.view().layout();
        long rows = leftLayout.dim(leftLayout.rank() - 2);
        long inner = leftLayout.dim(leftLayout.rank() - 1);
        long innerRight = rightLayout.dim(rightLayout.rank() - 2);
        long columns = rightLayout.dim(rightLayout.rank() - 1);
        if (inner != innerRight) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.of(left.shape()) + " and " + Shape.of(right.shape())
                    + " do not align (" + inner + " != " + innerRight + ")");
        }
        long[] stacks;
        try {
            stacks = ArrayLayout.broadcastShape(leadingAxes(leftLayout), leadingAxes(rightLayout));
        } catch (IllegalArgumentException mismatch) {
            throw new IllegalArgumentException("matmul: the stacks of shapes " + Shape.of(left.shape()) + " and "
                    + Shape.of(right.shape()) + " do not broadcast: " + mismatch.getMessage(), mismatch);
        }
        NdArray product = NdArray.result(type, withLastTwo(stacks, rows, columns));
        MatMul.multiply(left.view().with(leftLayout.broadcastTo(withLastTwo(stacks, rows, inner))),
                right.view().with(rightLayout.broadcastTo(withLastTwo(stacks, inner, columns))), product.writableView());
        // The axes a 1-D operand took part with leave the result again, as in NumPy.
        NdArray withoutRow = left.rank() == 1 ? product.squeeze(-2) : product;
        return right.rank() == 1 ? withoutRow.squeeze(-1) : withoutRow;
    }

    private static long[] leadingAxes(ArrayLayout layout) {
        return java.util.Arrays.copyOf(layout.dims(), layout.rank() - 2);
    }

    private static long[] withLastTwo(long[] stacks, long secondToLast, long last) {
        long[] shape = java.util.Arrays.copyOf(stacks, stacks.length + 2);
        shape[stacks.length] = secondToLast;
        shape[stacks.length + 1] = last;
        return shape;
    }

    /**
     * NumPy's {@code dot} for 1-D and 2-D arrays, where it is {@link #matmul}. For arrays of more
     * dimensions NumPy's {@code dot} sums over other axes than {@code matmul}; jpmm refuses them.
     *
     * @throws IllegalArgumentException for an operand of more than 2 dimensions
     */
    public static NdArray dot(Object a, Object b) {
        NdArray left = Operand.of(a).array(null);
        NdArray right = Operand.of(b).array(null);
        if (left.rank() > 2 || right.rank() > 2) {
            throw new IllegalArgumentException("dot of shapes " + Shape.of(left.shape()) + " and " + Shape.of(right.shape())
                    + " is not supported: dot sums over other axes than matmul for more than 2 dimensions;"
                    + " use matmul for stacks of matrices");
        }
        return matmul(left, right);
    }

    /** {@code numpy.result_type} of two dtypes (NumPy 2's promotion). */
    public static DType resultType(DType a, DType b) {
        return Promotion.resultType(a, b);
    }

    static NdArray binary(BinaryOp requested, Object a, Object b, NdArray out) {
        Operand x = Operand.of(a);
        Operand y = Operand.of(b);
        if (requested.givesBool() && !requested.isLogical()) {
            x = x.forComparisonWith(y);
            y = y.forComparisonWith(x);
        }
        DType type = x.resultType(y);
        BinaryOp op = requested;
        DType compute = type;
        if (type.isComplex() || (op.isLogical() && (x.isComplex() || y.isComplex()))) {
            throw new UnsupportedOperationException(requested.numpyName() + " of complex values is not supported;"
                    + " compute on the real and imaginary parts");
        }
        if (op == BinaryOp.DIVIDE && !type.isFloatingPoint()) {
            compute = DType.FLOAT64;
        } else if (type == DType.BOOL && !op.givesBool()) {
            switch (op) {
                case ADD, MAXIMUM -> op = BinaryOp.LOGICAL_OR;
                case MULTIPLY, MINIMUM -> op = BinaryOp.LOGICAL_AND;
                case SUBTRACT -> throw new UnsupportedOperationException("subtracting bool arrays is not supported,"
                        + " as in NumPy; use logicalXor");
                default -> compute = DType.INT8;
            }
        }
        DType result = op.givesBool() ? DType.BOOL : compute;
        NdArray first = x.array(type);
        NdArray second = y.array(type);
        long[] shape = ArrayLayout.broadcastShape(first.shape(), second.shape());
        NdArray target = target(out, result, shape, requested.numpyName());
        Elementwise.binary(op, first.view(), second.view(), target.writableView(), compute);
        return target;
    }

    static NdArray unary(UnaryOp op, Object a, NdArray out) {
        Operand x = Operand.of(a);
        NdArray input = x.array(null);
        DType type = input.dtype();
        if (type.isComplex()) {
            throw new UnsupportedOperationException(op.numpyName() + " of complex values is not supported;"
                    + " compute on the real and imaginary parts");
        }
        if (type == DType.BOOL && op == UnaryOp.NEGATIVE) {
            throw new UnsupportedOperationException("negating a bool array is not supported, as in NumPy; use logicalNot");
        }
        DType compute = op.needsFloat() ? Promotion.floatHolding(type) : type;
        DType result = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : compute;
        NdArray target = target(out, result, input.shape(), op.numpyName());
        Elementwise.unary(op, input.view(), target.writableView(), compute);
        return target;
    }

    /** {@code out}, checked to take a result of {@code type} and {@code shape}, or a new DRAM array. */
    private static NdArray target(NdArray out, DType type, long[] shape, String operation) {
        if (out == null) {
            return NdArray.result(type, shape);
        }
        if (!java.util.Arrays.equals(out.shape(), shape)) {
            throw new IllegalArgumentException(operation + ": the output of shape " + Shape.of(out.shape())
                    + " does not match the broadcast shape " + Shape.of(shape));
        }
        if (!Promotion.sameKind(type, out.dtype())) {
            throw new IllegalArgumentException("cannot cast the " + operation + " output from " + type + " to "
                    + out.dtype() + " with casting rule 'same_kind' (as NumPy refuses it); write into a "
                    + type + " array, or convert explicitly with astype");
        }
        return out;
    }
}
