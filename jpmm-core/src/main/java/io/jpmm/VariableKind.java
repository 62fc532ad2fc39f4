package io.jpmm;

/** What a shelved variable holds. */
public enum VariableKind {
    /** An n-dimensional array of a {@link DType}. */
    ARRAY(1),
    /** A single number or boolean: a 0-dimensional array of a {@link DType}. */
    SCALAR(2),
    /** A string, stored as UTF-8. */
    STRING(3),
    /** An opaque byte sequence. */
    BYTES(4);

    private final int code;

    VariableKind(int code) {
        this.code = code;
    }

    /** The stable number that identifies this kind in the shelf file format. */
    public int code() {
        return code;
    }

    /** The kind with the given file-format code. */
    public static java.util.Optional<VariableKind> fromCode(int code) {
        for (VariableKind kind : values()) {
            if (kind.code == code) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
