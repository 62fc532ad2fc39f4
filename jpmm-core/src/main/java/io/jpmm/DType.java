package io.jpmm;

import java.lang.foreign.MemorySegment;
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
 *   <li>writing a {@code double} to an integer type truncates toward zero and keeps the low bits,
 *       like a Java narrowing cast; writing a {@code long} to a floating type rounds to nearest.</li>
 *   <li>{@code float16} and {@code bfloat16} round to nearest even.</li>
 *   <li>{@code complex64}/{@code complex128} hold (real, imaginary) pairs; plain {@code long} and
 *       {@code double} writes set the real part and zero the imaginary part.</li>
 * </ul>
 */
public enum DType {
    BOOL(1, "bool", 1, "|b1", "torch.bool", ElementCodec.BOOL),
    INT8(2, "int8", 1, "|i1", "torch.int8", ElementCodec.INT8),
    UINT8(3, "uint8", 1, "|u1", "torch.uint8", ElementCodec.UINT8),
    INT16(4, "int16", 2, "<i2", "torch.int16", ElementCodec.INT16),
    UINT16(5, "uint16", 2, "<u2", "torch.uint16", ElementCodec.UINT16),
    INT32(6, "int32", 4, "<i4", "torch.int32", ElementCodec.INT32),
    UINT32(7, "uint32", 4, "<u4", "torch.uint32", ElementCodec.UINT32),
    INT64(8, "int64", 8, "<i8", "torch.int64", ElementCodec.INT64),
    UINT64(9, "uint64", 8, "<u8", "torch.uint64", ElementCodec.UINT64),
    FLOAT16(10, "float16", 2, "<f2", "torch.float16", ElementCodec.FLOAT16),
    /** Brain floating point: the top half of a float32. NumPy has no built-in descriptor for it. */
    BFLOAT16(11, "bfloat16", 2, null, "torch.bfloat16", ElementCodec.BFLOAT16),
    FLOAT32(12, "float32", 4, "<f4", "torch.float32", ElementCodec.FLOAT32),
    FLOAT64(13, "float64", 8, "<f8", "torch.float64", ElementCodec.FLOAT64),
    COMPLEX64(14, "complex64", 8, "<c8", "torch.complex64", ElementCodec.COMPLEX64),
    COMPLEX128(15, "complex128", 16, "<c16", "torch.complex128", ElementCodec.COMPLEX128);

    private static final DType[] BY_CODE = new DType[16];

    static {
        for (DType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final String numpyName;
    private final int itemSize;
    private final String numpyDescr;
    private final String torchName;
    final ElementCodec codec;

    DType(int code, String numpyName, int itemSize, String numpyDescr, String torchName, ElementCodec codec) {
        this.code = code;
        this.numpyName = numpyName;
        this.itemSize = itemSize;
        this.numpyDescr = numpyDescr;
        this.torchName = torchName;
        this.codec = codec;
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

    /** The stable number that identifies this type in the shelf file format. */
    public int code() {
        return code;
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

    /** The type with the given file-format code. */
    public static Optional<DType> fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
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

    double getDouble(MemorySegment segment, long offset) {
        return codec.getDouble(segment, offset);
    }

    long getLong(MemorySegment segment, long offset) {
        return codec.getLong(segment, offset);
    }
}
