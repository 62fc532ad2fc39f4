package io.jpmm.internal.compute;

import io.jpmm.DType;

/**
 * NumPy 2's type promotion (NEP 50): the dtype of an operation's result from its operands'
 * dtypes, where a Java scalar is "weak", like a Python scalar: it adopts the array's dtype if it is
 * of the same kind or a lower one ({@code int8_array + 1} is int8, {@code float32_array + 0.5} is
 * float32), and its kind's default dtype otherwise ({@code int8_array + 0.5} is float64).
 *
 * <p>bfloat16 follows ml_dtypes where ml_dtypes defines a common type (with bool, int8, uint8:
 * bfloat16; with float32 and wider: the wider type); where it defines none, jpmm takes the
 * smallest float type that holds both (float32 with float16, int16 and uint16; float64 with wider
 * integers).
 */
public final class Promotion {
    /** The kinds of dtype, in NumPy's order for "same kind" casting: b < u < i < f < c. */
    public enum Kind {
        BOOL, UNSIGNED, SIGNED, FLOAT, COMPLEX
    }

    private Promotion() {
    }

    public static Kind kind(DType type) {
        if (type == DType.BOOL) {
            return Kind.BOOL;
        }
        if (type.isComplex()) {
            return Kind.COMPLEX;
        }
        if (type.isFloatingPoint()) {
            return Kind.FLOAT;
        }
        return type.isUnsigned() ? Kind.UNSIGNED : Kind.SIGNED;
    }

    /** {@code numpy.result_type(a, b)}. */
    public static DType resultType(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a == DType.BOOL || b == DType.BOOL) {
            return a == DType.BOOL ? b : a;
        }
        if (a.isComplex() || b.isComplex()) {
            DType real = resultType(realPart(a), realPart(b));
            return real == DType.FLOAT64 ? DType.COMPLEX128 : DType.COMPLEX64;
        }
        if (a.isFloatingPoint() && b.isFloatingPoint()) {
            if (a.itemSize() == b.itemSize()) {
                return DType.FLOAT32;
            }
            return a.itemSize() > b.itemSize() ? a : b;
        }
        if (a.isFloatingPoint() || b.isFloatingPoint()) {
            DType real = a.isFloatingPoint() ? a : b;
            DType integer = a.isFloatingPoint() ? b : a;
            if (real == DType.BFLOAT16) {
                return integer.itemSize() == 1 ? DType.BFLOAT16 : integer.itemSize() == 2 ? DType.FLOAT32 : DType.FLOAT64;
            }
            return resultType(real, floatHolding(integer));
        }
        if (a.isUnsigned() == b.isUnsigned()) {
            return a.itemSize() >= b.itemSize() ? a : b;
        }
        DType unsigned = a.isUnsigned() ? a : b;
        DType signed = a.isUnsigned() ? b : a;
        if (signed.itemSize() > unsigned.itemSize()) {
            return signed;
        }
        return switch (unsigned.itemSize()) {
            case 1 -> DType.INT16;
            case 2 -> DType.INT32;
            case 4 -> DType.INT64;
            default -> DType.FLOAT64;
        };
    }

    /** The dtype of an array of {@code array} combined with a weak Java scalar of {@code scalar} kind. */
    public static DType withScalar(DType array, Kind scalar) {
        if (scalar == Kind.BOOL || scalar.compareTo(kind(array)) <= 0
                || scalar == Kind.SIGNED && kind(array) == Kind.UNSIGNED) {
            return array;
        }
        return resultType(array, switch (scalar) {
            case FLOAT -> DType.FLOAT64;
            case COMPLEX -> DType.COMPLEX128;
            default -> DType.INT64;
        });
    }

    /** The smallest float type that holds every value of an integer (or bool) type, as NumPy picks it. */
    public static DType floatHolding(DType integer) {
        if (integer.isFloatingPoint() || integer.isComplex()) {
            return integer;
        }
        return switch (integer.itemSize()) {
            case 1 -> DType.FLOAT16;
            case 2 -> DType.FLOAT32;
            default -> DType.FLOAT64;
        };
    }

    /** The dtype a sum or product accumulates in: int64 for bool and signed, uint64 for unsigned. */
    public static DType accumulator(DType type) {
        return switch (kind(type)) {
            case BOOL, SIGNED -> DType.INT64;
            case UNSIGNED -> DType.UINT64;
            default -> type;
        };
    }

    /** NumPy's {@code can_cast(from, to, 'same_kind')}: no move to a lower kind. */
    public static boolean sameKind(DType from, DType to) {
        return kind(from).compareTo(kind(to)) <= 0;
    }

    private static DType realPart(DType type) {
        return type == DType.COMPLEX64 ? DType.FLOAT32 : type == DType.COMPLEX128 ? DType.FLOAT64 : type;
    }
}
