package io.jpmm;

/**
 * What a shelved variable is, without touching its data.
 *
 * @param name      the variable's name
 * @param kind      array, scalar, string or bytes
 * @param dtype     the element type; {@link DType#UINT8} for strings and bytes
 * @param shape     the array's shape; rank 0 for scalars, the byte count for strings, bytes and tables
 * @param byteSize  the bytes the value occupies on the shelf
 */
public record VariableInfo(String name, VariableKind kind, DType dtype, Shape shape, long byteSize) {

    /** One line, such as {@code x: array float64 (1000, 1000), 8000000 bytes}. */
    @Override
    public String toString() {
        String type = switch (kind) {
            case ARRAY -> "array " + dtype + " " + shape;
            case SCALAR -> "scalar " + dtype;
            case STRING, BYTES, TABLE -> kind.toString();
        };
        return name + ": " + type + ", " + byteSize + " bytes";
    }
}
