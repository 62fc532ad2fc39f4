package io.jpmm.safetensors;

import io.jpmm.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** safetensors dtype names and jpmm's dtypes, both ways, and the order the reference implementation writes tensors in. */
final class TensorDTypes {
    /**
     * The reference implementation's dtype enum in declaration order: it lays tensors out by this
     * order reversed (widest alignment first), then by name.
     */
    private static final List<String> REFERENCE_ORDER = List.of("BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64");

    private static final Map<String, DType> BY_NAME = Map.ofEntries(Map.entry("BOOL", DType.BOOL),
            Map.entry("U8", DType.UINT8), Map.entry("I8", DType.INT8), Map.entry("I16", DType.INT16),
            Map.entry("U16", DType.UINT16), Map.entry("F16", DType.FLOAT16), Map.entry("BF16", DType.BFLOAT16),
            Map.entry("I32", DType.INT32), Map.entry("U32", DType.UINT32), Map.entry("F32", DType.FLOAT32),
            Map.entry("C64", DType.COMPLEX64), Map.entry("F64", DType.FLOAT64), Map.entry("I64", DType.INT64),
            Map.entry("U64", DType.UINT64));

    private TensorDTypes() {
    }

    static DType toDType(String name, String tensor, Path file) throws SafetensorsFormatException {
        DType dtype = BY_NAME.get(name);
        if (dtype == null) {
            throw new SafetensorsFormatException(file + ": tensor \"" + tensor + "\" has dtype " + name + ", which "
                    + (REFERENCE_ORDER.contains(name) ? "jpmm has no array type for (8-, 6- and 4-bit floats are not supported)"
                    : "is not a safetensors dtype") + "; supported: " + BY_NAME.keySet().stream().sorted().toList());
        }
        return dtype;
    }

    static String name(DType dtype, String variable) throws SafetensorsFormatException {
        for (var entry : BY_NAME.entrySet()) {
            if (entry.getValue() == dtype) {
                return entry.getKey();
            }
        }
        throw new SafetensorsFormatException("variable \"" + variable + "\" is " + dtype.numpyName()
                + ", which safetensors has no dtype for");
    }

    /** Where tensors of {@code name} go among the others: lower first. */
    static int layoutRank(String name) {
        return -REFERENCE_ORDER.indexOf(name);
    }
}
