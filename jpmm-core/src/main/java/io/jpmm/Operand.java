package io.jpmm;

import io.jpmm.internal.compute.Promotion;

/**
 * An operand of {@link NdMath}: an array, a Java primitive array, or a Java scalar, which is
 * "weak" in NumPy 2's sense (NEP 50): its dtype comes from the array it meets.
 */
final class Operand {
    private final NdArray array;
    private final Object scalar;
    private final Promotion.Kind kind;

    private Operand(NdArray array, Object scalar, Promotion.Kind kind) {
        this.array = array;
        this.scalar = scalar;
        this.kind = kind;
    }

    static Operand of(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("an operand is null; expected an NdArray, a Java array or a number");
            case NdArray array -> new Operand(array, null, null);
            case Boolean flag -> new Operand(null, flag, Promotion.Kind.BOOL);
            case Byte b -> new Operand(null, value, Promotion.Kind.SIGNED);
            case Short s -> new Operand(null, value, Promotion.Kind.SIGNED);
            case Integer i -> new Operand(null, value, Promotion.Kind.SIGNED);
            case Long l -> new Operand(null, value, Promotion.Kind.SIGNED);
            case Float f -> new Operand(null, value, Promotion.Kind.FLOAT);
            case Double d -> new Operand(null, value, Promotion.Kind.FLOAT);
            default -> {
                if (!JavaArrays.isSupported(value)) {
                    throw new IllegalArgumentException("cannot compute with a " + value.getClass().getTypeName()
                            + "; expected an NdArray, a 1-D or 2-D Java primitive array, or a number");
                }
                yield new Operand(NdArray.copyOf(value), null, null);
            }
        };
    }

    boolean isComplex() {
        return array != null && array.dtype().isComplex();
    }

    /** The dtype of an operation on this operand and {@code other}, by NumPy 2's rules. */
    DType resultType(Operand other) {
        if (array != null && other.array != null) {
            return Promotion.resultType(array.dtype(), other.array.dtype());
        }
        if (array != null) {
            return Promotion.withScalar(array.dtype(), other.kind);
        }
        if (other.array != null) {
            return Promotion.withScalar(other.array.dtype(), kind);
        }
        return Promotion.resultType(defaultType(kind), defaultType(other.kind));
    }

    /** The dtype of an operation on all of {@code operands}: the arrays promoted, then the weak scalars applied. */
    static DType resultType(Operand... operands) {
        DType strong = null;
        for (Operand operand : operands) {
            if (operand.array != null) {
                strong = strong == null ? operand.array.dtype() : Promotion.resultType(strong, operand.array.dtype());
            }
        }
        DType result = strong;
        for (Operand operand : operands) {
            if (operand.array == null) {
                result = result == null ? defaultType(operand.kind) : Promotion.withScalar(result, operand.kind);
            }
        }
        return result;
    }

    /**
     * A bound for {@code clip}: an integer scalar outside the range of {@code array}'s integer dtype
     * becomes that range's end, which bounds nothing, as NumPy 2's clip treats it.
     */
    Operand clampedTo(Operand array) {
        if (this.array != null || kind != Promotion.Kind.SIGNED || array.array == null || !array.array.dtype().isInteger()) {
            return this;
        }
        DType type = array.array.dtype();
        long value = ((Number) scalar).longValue();
        long low = type.isUnsigned() ? 0 : type == DType.INT64 ? Long.MIN_VALUE : -(1L << (type.itemSize() * 8 - 1));
        long high = type == DType.INT64 || type == DType.UINT64 ? Long.MAX_VALUE
                : type.isUnsigned() ? (1L << (type.itemSize() * 8)) - 1 : (1L << (type.itemSize() * 8 - 1)) - 1;
        return new Operand(null, Math.clamp(value, low, high), kind);
    }

    /**
     * For a comparison: an integer scalar that {@code other}'s integer dtype cannot hold is compared
     * as an int64 instead of refused, as NumPy 2 compares {@code uint8_array < -1} correctly.
     */
    Operand forComparisonWith(Operand other) {
        if (array != null || kind != Promotion.Kind.SIGNED || other.array == null || !other.array.dtype().isInteger()) {
            return this;
        }
        try {
            array(other.array.dtype());
            return this;
        } catch (IllegalArgumentException outOfRange) {
            return new Operand(NdArray.result(DType.INT64).fill(((Number) scalar).longValue()), null, null);
        }
    }

    /**
     * The operand as an array: an array as it is (kernels convert its elements as they read them),
     * a scalar as a 0-d array of {@code type} (or of its kind's default, if {@code type} is null).
     *
     * @throws IllegalArgumentException if {@code type} cannot hold the scalar, as NumPy raises OverflowError
     */
    NdArray array(DType type) {
        if (array != null) {
            return array;
        }
        DType target = type != null ? type : defaultType(kind);
        NdArray value = NdArray.scalar(target);
        switch (scalar) {
            case Boolean flag -> value.fill(flag);
            case Float f -> value.fill(f.doubleValue());
            case Double d -> value.fill(d);
            default -> {
                long integer = ((Number) scalar).longValue();
                if (target.isUnsigned() && integer < 0) {
                    throw new IllegalArgumentException("Java integer " + integer + " is out of bounds for " + target
                            + " (NumPy raises OverflowError); convert the array first if a signed result is meant");
                }
                value.fill(integer);
            }
        }
        return value;
    }

    private static DType defaultType(Promotion.Kind kind) {
        return switch (kind) {
            case BOOL -> DType.BOOL;
            case FLOAT -> DType.FLOAT64;
            case COMPLEX -> DType.COMPLEX128;
            default -> DType.INT64;
        };
    }
}
