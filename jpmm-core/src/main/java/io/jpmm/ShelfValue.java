package io.jpmm;

import io.jpmm.internal.array.ElementCodec;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A Java value ready to be put on a shelf: its kind, dtype, shape, how to write its bytes into the
 * space reserved for it, and those bytes as one segment when they already lie so ({@code bytes}, else
 * null), which the store may write through the file instead. This is the single place that decides
 * which Java types a shelf holds.
 */
record ShelfValue(VariableKind kind, DType dtype, Shape shape, Consumer<MemorySegment> writer, MemorySegment bytes) {

    static final String SUPPORTED = "NdArray, 1-D or rectangular 2-D arrays of a Java primitive type, String,"
            + " byte[] or ByteBuffer (stored as bytes), and Boolean, Byte, Short, Character, Integer, Long, Float"
            + " or Double scalars";

    static ShelfValue of(String shelf, String name, Object value) {
        return switch (value) {
            case NdArray array -> ofArray(array);
            case byte[] bytes -> ofBytes(VariableKind.BYTES, bytes);
            case ByteBuffer buffer -> ofBuffer(buffer.duplicate());
            case String text -> ofBytes(VariableKind.STRING, text.getBytes(StandardCharsets.UTF_8));
            case Boolean flag -> scalar(DType.BOOL, flag ? 1 : 0);
            case Byte number -> scalar(DType.INT8, number);
            case Short number -> scalar(DType.INT16, number);
            case Character character -> scalar(DType.UINT16, character);
            case Integer number -> scalar(DType.INT32, number);
            case Long number -> scalar(DType.INT64, number);
            case Float number -> scalarFloating(DType.FLOAT32, number);
            case Double number -> scalarFloating(DType.FLOAT64, number);
            case null -> throw unsupported(shelf, name, "null");
            default -> {
                if (!JavaArrays.isSupported(value)) {
                    throw unsupported(shelf, name, value.getClass().getTypeName());
                }
                yield ofArray(JavaArrays.view(value));
            }
        };
    }

    private static UnsupportedTypeException unsupported(String shelf, String name, String type) {
        return new UnsupportedTypeException("cannot put " + type + " as \"" + name + "\" on shelf '" + shelf
                + "': a shelf holds " + SUPPORTED);
    }

    private static ShelfValue ofArray(NdArray array) {
        Shape shape = Shape.of(array.shape());
        return new ShelfValue(VariableKind.ARRAY, array.dtype(), shape,
                target -> NdArray.over(array.dtype(), shape, target).copyFrom(array), array.contiguousBytes());
    }

    private static ShelfValue ofBytes(VariableKind kind, byte[] bytes) {
        return new ShelfValue(kind, DType.UINT8, Shape.of(bytes.length),
                target -> MemorySegment.copy(MemorySegment.ofArray(bytes), 0, target, 0, bytes.length), null);
    }

    private static ShelfValue ofBuffer(ByteBuffer buffer) {
        MemorySegment bytes = MemorySegment.ofBuffer(buffer);
        return new ShelfValue(VariableKind.BYTES, DType.UINT8, Shape.of(buffer.remaining()), target -> target.copyFrom(bytes),
                bytes);
    }

    private static ShelfValue scalar(DType dtype, long value) {
        return new ShelfValue(VariableKind.SCALAR, dtype, Shape.of(), target -> ElementCodec.of(dtype).setLong(target, 0, value),
                null);
    }

    private static ShelfValue scalarFloating(DType dtype, double value) {
        return new ShelfValue(VariableKind.SCALAR, dtype, Shape.of(), target -> ElementCodec.of(dtype).setDouble(target, 0, value),
                null);
    }

    /** The Java object a scalar variable reads back as: the boxed type it was put as. */
    static Object scalarValue(DType dtype, MemorySegment bytes) {
        long integral = ElementCodec.of(dtype).getLong(bytes, 0);
        return switch (dtype) {
            case BOOL -> integral != 0;
            case INT8 -> (byte) integral;
            case INT16 -> (short) integral;
            case UINT16 -> (char) integral;
            case INT32 -> (int) integral;
            case FLOAT32 -> (float) ElementCodec.of(dtype).getDouble(bytes, 0);
            case FLOAT64 -> ElementCodec.of(dtype).getDouble(bytes, 0);
            default -> integral;
        };
    }
}
