package io.jpmm.internal.store;

import java.util.Optional;

/**
 * The element types the file format knows, by the stable code each has in a catalog entry
 * (docs/format.md, "Record types and payloads"), with the bytes one element takes.
 */
public enum StoredDType {
    BOOL(1, 1), INT8(2, 1), UINT8(3, 1), INT16(4, 2), UINT16(5, 2), INT32(6, 4), UINT32(7, 4), INT64(8, 8),
    UINT64(9, 8), FLOAT16(10, 2), BFLOAT16(11, 2), FLOAT32(12, 4), FLOAT64(13, 8), COMPLEX64(14, 8),
    COMPLEX128(15, 16);

    private final int code;
    private final int itemSize;

    StoredDType(int code, int itemSize) {
        this.code = code;
        this.itemSize = itemSize;
    }

    public int code() {
        return code;
    }

    public int itemSize() {
        return itemSize;
    }

    /** The type with file-format code {@code code}, if there is one. */
    public static Optional<StoredDType> fromCode(int code) {
        for (StoredDType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
