package io.jpmm.internal.store;

import java.util.Optional;

/** What a catalog entry holds, by its stable file-format code. */
public enum StoredKind {
    /** An n-dimensional array, written in place through live references. */
    ARRAY(1),
    /** One element: rank 0. */
    SCALAR(2),
    /** UTF-8 text: uint8, rank 1. */
    STRING(3),
    /** Opaque bytes: uint8, rank 1. */
    BYTES(4),
    /** From format version 5: a table block (docs/format.md, "Tables"), uint8 rank 1, never inline. */
    TABLE(5);

    private final int code;

    StoredKind(int code) {
        this.code = code;
    }

    /** Whether a variable of this kind is read by copy, never mapped, so a small one may be kept inline. */
    public boolean isValue() {
        return this == SCALAR || this == STRING || this == BYTES;
    }

    public int code() {
        return code;
    }

    /** The kind with file-format code {@code code}, if there is one. */
    public static Optional<StoredKind> fromCode(int code) {
        for (StoredKind kind : values()) {
            if (kind.code == code) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
