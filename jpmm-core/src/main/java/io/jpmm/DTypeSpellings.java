package io.jpmm;

import java.util.HashMap;
import java.util.Map;

/** The spellings {@link DType#parse} reads, as NumPy 2 reads them on 64-bit Linux. */
final class DTypeSpellings {
    /** Codes that may follow a byte-order character: one-letter type codes and kind-and-size codes. */
    static final Map<String, DType> CODES = new HashMap<>();
    /** Everything: names, aliases and codes. */
    static final Map<String, DType> ALL = new HashMap<>();

    static {
        code(DType.BOOL, "?", "b1");
        code(DType.INT8, "b", "i1");
        code(DType.UINT8, "B", "u1");
        code(DType.INT16, "h", "i2");
        code(DType.UINT16, "H", "u2");
        code(DType.INT32, "i", "i4");
        code(DType.UINT32, "I", "u4");
        code(DType.INT64, "l", "q", "p", "i8");
        code(DType.UINT64, "L", "Q", "P", "u8");
        code(DType.FLOAT16, "e", "f2");
        code(DType.FLOAT32, "f", "f4");
        code(DType.FLOAT64, "d", "f8");
        code(DType.COMPLEX64, "F", "c8");
        code(DType.COMPLEX128, "D", "c16");
        for (DType type : DType.values()) {
            ALL.put(type.numpyName(), type);
        }
        alias(DType.BOOL, "bool_");
        alias(DType.INT8, "byte");
        alias(DType.UINT8, "ubyte");
        alias(DType.INT16, "short");
        alias(DType.UINT16, "ushort");
        alias(DType.INT32, "intc");
        alias(DType.UINT32, "uintc");
        alias(DType.INT64, "int", "int_", "long", "longlong", "intp");
        alias(DType.UINT64, "uint", "ulong", "ulonglong", "uintp");
        alias(DType.FLOAT16, "half");
        alias(DType.FLOAT32, "single");
        alias(DType.FLOAT64, "double", "float");
        alias(DType.COMPLEX64, "csingle");
        alias(DType.COMPLEX128, "cdouble", "complex");
    }

    private DTypeSpellings() {
    }

    private static void code(DType type, String... codes) {
        for (String code : codes) {
            CODES.put(code, type);
            ALL.put(code, type);
        }
    }

    private static void alias(DType type, String... aliases) {
        for (String alias : aliases) {
            ALL.put(alias, type);
        }
    }
}
