package io.jpmm;

/** What a shelved variable holds. */
public enum VariableKind {
    /** An n-dimensional array of a {@link DType}. */
    ARRAY,
    /** A single number or boolean: a 0-dimensional array of a {@link DType}. */
    SCALAR,
    /** A string, stored as UTF-8. */
    STRING,
    /** An opaque byte sequence. */
    BYTES,
    /** A {@link Table}: named, equal-length columns, each read in place like an array. */
    TABLE;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
