package io.jpmm;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types an {@link NdArray} can hold, with NumPy's names and byte layouts. Elements are
 * stored little-endian, exactly as NumPy's {@code <} descriptors say, so a shelved array can be read
 * in place by {@code numpy.memmap}.
 *
 * <p>Element values move in and out as {@code long} or {@code double}:
 * <ul>
 *   <li>{@code bool}: 0 or 1; any non-zero value (and NaN) stores {@code true}.</li>
 *   <li>unsigned types read back as their unsigned value; {@code uint64} values of 2<sup>63</sup> and
 *       above read as negative {@code long}s (the same bits) and as exact positive {@code double}s.</li>
 *   <li>a Java scalar written to an element must fit, as NumPy requires of a Python scalar: writing
 *       300 to an int8 element, -1 to a uint8 one, or NaN, infinity or 1e20 to any integer type throws
 *       {@link IllegalArgumentException} (NumPy raises {@code OverflowError} or {@code ValueError}).
 *       A fraction written to an integer type is truncated toward zero; a {@code long} written to a
 *       floating type rounds to nearest; a {@code double} too large for float16 or float32 becomes
 *       infinity, as in NumPy. {@code uint64} takes any {@code long} as its 64 bits.</li>
 *   <li>{@code float16} and {@code bfloat16} round to nearest even.</li>
 *   <li>{@code complex64}/{@code complex128} hold (real, imaginary) pairs; plain {@code long} and
 *       {@code double} writes set the real part and zero the imaginary part.</li>
 * </ul>
 *
 * <p>Whole arrays convert as NumPy's {@code astype(casting='unsafe')} does ({@link NdArray#copyFrom}):
 * integers wrap to the target's width; floats truncate toward zero, and a float with no value in
 * the target type (NaN, infinity, out of range) becomes what NumPy gives on x86-64, the smallest
 * value of int32 or int64 for those types and 0 for the narrower ones.
 */
public enum DType {
    BOOL("bool", 1, "|b1", "torch.bool"),
    INT8("int8", 1, "|i1", "torch.int8"),
    UINT8("uint8", 1, "|u1", "torch.uint8"),
    INT16("int16", 2, "<i2", "torch.int16"),
    UINT16("uint16", 2, "<u2", "torch.uint16"),
    INT32("int32", 4, "<i4", "torch.int32"),
    UINT32("uint32", 4, "<u4", "torch.uint32"),
    INT64("int64", 8, "<i8", "torch.int64"),
    UINT64("uint64", 8, "<u8", "torch.uint64"),
    FLOAT16("float16", 2, "<f2", "torch.float16"),
    /** Brain floating point: the top half of a float32. NumPy has no built-in descriptor for it. */
    BFLOAT16("bfloat16", 2, null, "torch.bfloat16"),
    FLOAT32("float32", 4, "<f4", "torch.float32"),
    FLOAT64("float64", 8, "<f8", "torch.float64"),
    COMPLEX64("complex64", 8, "<c8", "torch.complex64"),
    COMPLEX128("complex128", 16, "<c16", "torch.complex128");

    private final String numpyName;
    private final int itemSize;
    private final String numpyDescr;
    private final String torchName;

    DType(String numpyName, int itemSize, String numpyDescr, String torchName) {
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.numpyDescr = numpyDescr;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** NumPy's name for the type, such as {@code "float64"}; also what {@link #toString()} returns. */
    public String numpyName() {
        return numpyName;
    }

    /**
     * NumPy's array-protocol descriptor, such as {@code "<f8"}; empty for {@link #BFLOAT16}, which
     * NumPy lacks (the {@code ml_dtypes} package adds it).
     */
    public Optional<String> numpyDescr() {
        return Optional.ofNullable(numpyDescr);
    }

    /** PyTorch's name for the type, such as {@code "torch.float64"}. */
    public String torchName() {
        return torchName;
    }

    /** Whether elements are (real, imaginary) pairs. */
    public boolean isComplex() {
        return this == COMPLEX64 || this == COMPLEX128;
    }

    /** Whether this is float16, bfloat16, float32 or float64. */
    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == BFLOAT16 || this == FLOAT32 || this == FLOAT64;
    }

    /** True for the signed and unsigned integer types (not {@code bool}). */
    public boolean isInteger() {
        return !isFloatingPoint() && !isComplex() && this != BOOL;
    }

    /** Whether this is uint8, uint16, uint32 or uint64. */
    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /**
     * The type NumPy's {@code numpy.dtype(spelling)} would make, for every spelling NumPy users type:
     * names ({@code float64}, {@code bool}), aliases ({@code double}, {@code float}, {@code int},
     * {@code half}, {@code bool_}, {@code complex}, {@code intc}, ...), type codes ({@code d},
     * {@code f}, {@code ?}, {@code e}, ...), and kind-and-size codes with an optional byte-order
     * prefix ({@code f8}, {@code <f8}, {@code i4}, {@code c8}, {@code |b1}); plus {@code bfloat16}.
     * Case matters, as in NumPy. Platform-dependent C names ({@code int}, {@code long}, {@code intp},
     * {@code l}) mean what they mean on 64-bit Linux.
     *
     * @throws IllegalArgumentException if NumPy would not read it, if it is a dtype jpmm does not
     *                                  store, or if it says big-endian (shelves are little-endian)
     */
    public static DType parse(String spelling) {
        if (spelling == null || spelling.isEmpty()) {
            throw new IllegalArgumentException("a dtype is needed, such as float64, f8, <f8, int32, bool");
        }
        char order = spelling.charAt(0);
        boolean prefixed = "<>=|".indexOf(order) >= 0 && spelling.length() > 1;
        String code = prefixed ? spelling.substring(1) : spelling;
        DType type = prefixed ? DTypeSpellings.CODES.get(code) : DTypeSpellings.ALL.get(code);
        if (type == null) {
            throw new IllegalArgumentException("unknown dtype \"" + spelling + "\"; jpmm stores "
                    + Arrays.stream(values()).map(DType::numpyName).toList()
                    + ", also spelled as NumPy does (f8, <f8, double, float, int, i4, bool_, half, c8, ...)");
        }
        if (order == '>' && prefixed && type.itemSize > 1) {
            throw new IllegalArgumentException("dtype \"" + spelling + "\" is big-endian; shelves hold little-endian "
                    + type + " (\"<" + code + "\")");
        }
        return type;
    }

    /**
     * The type with the given NumPy name ({@code "float64"}), case-insensitive.
     *
     * @throws IllegalArgumentException naming the known types if there is none
     */
    public static DType fromNumpyName(String name) {
        for (DType type : values()) {
            if (type.numpyName.equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown dtype \"" + name + "\"; known: "
                + Arrays.stream(values()).map(DType::numpyName).toList());
    }

    @Override
    public String toString() {
        return numpyName;
    }
}
