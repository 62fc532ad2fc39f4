package io.jpmm;

import io.jpmm.internal.array.ElementCodec;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * Java primitive arrays as arrays: which dtype each maps to, and zero-copy views of them. A 1-D
 * Java array is viewed in place (a heap segment); a rectangular 2-D one is copied into one block.
 */
final class JavaArrays {

    private JavaArrays() {
    }

    /** The dtype a 1-D Java array of this component type holds, if it is a supported primitive. */
    static Optional<DType> dtypeOf(Class<?> componentType) {
        if (componentType == boolean.class) {
            return Optional.of(DType.BOOL);
        } else if (componentType == byte.class) {
            return Optional.of(DType.INT8);
        } else if (componentType == short.class) {
            return Optional.of(DType.INT16);
        } else if (componentType == char.class) {
            return Optional.of(DType.UINT16);
        } else if (componentType == int.class) {
            return Optional.of(DType.INT32);
        } else if (componentType == long.class) {
            return Optional.of(DType.INT64);
        } else if (componentType == float.class) {
            return Optional.of(DType.FLOAT32);
        } else if (componentType == double.class) {
            return Optional.of(DType.FLOAT64);
        }
        return Optional.empty();
    }

    /** Whether {@code value} is a 1-D or 2-D primitive array this class can view. */
    static boolean isSupported(Object value) {
        Class<?> type = value.getClass();
        if (!type.isArray()) {
            return false;
        }
        Class<?> component = type.getComponentType();
        return dtypeOf(component).isPresent()
                || component.isArray() && dtypeOf(component.getComponentType()).isPresent();
    }

    /**
     * A DRAM array over {@code value}: in place for 1-D arrays (writes go to the Java array), a copy
     * for 2-D ones.
     *
     * @throws IllegalArgumentException if a 2-D array is ragged or has a null row
     */
    static NdArray view(Object value) {
        Class<?> component = value.getClass().getComponentType();
        if (!component.isArray()) {
            DType dtype = dtypeOf(component).orElseThrow();
            int length = Array.getLength(value);
            return NdArray.over(dtype, Shape.of(length), segmentOf(value, dtype, length));
        }
        return copyOfRows((Object[]) value, dtypeOf(component.getComponentType()).orElseThrow());
    }

    private static MemorySegment segmentOf(Object array, DType dtype, int length) {
        return switch (array) {
            case boolean[] values -> {
                MemorySegment bytes = MemorySegment.ofArray(new byte[length]);
                for (int i = 0; i < length; i++) {
                    bytes.set(ElementCodec.BYTE, i, (byte) (values[i] ? 1 : 0));
                }
                yield bytes;
            }
            case byte[] values -> MemorySegment.ofArray(values);
            case short[] values -> MemorySegment.ofArray(values);
            case char[] values -> MemorySegment.ofArray(values);
            case int[] values -> MemorySegment.ofArray(values);
            case long[] values -> MemorySegment.ofArray(values);
            case float[] values -> MemorySegment.ofArray(values);
            case double[] values -> MemorySegment.ofArray(values);
            default -> throw new IllegalArgumentException("not a primitive array of " + dtype + ": " + array.getClass());
        };
    }

    private static NdArray copyOfRows(Object[] rows, DType dtype) {
        int columns = rows.length == 0 ? 0 : lengthOfRow(rows, 0);
        for (int row = 1; row < rows.length; row++) {
            if (lengthOfRow(rows, row) != columns) {
                throw new IllegalArgumentException("2-D array is ragged: row 0 has " + columns + " elements, row "
                        + row + " has " + lengthOfRow(rows, row) + "; only rectangular arrays have a shape");
            }
        }
        NdArray result = NdArray.allocate(dtype, rows.length, columns);
        for (int row = 0; row < rows.length; row++) {
            result.at(row).copyFrom(view(rows[row]));
        }
        return result;
    }

    private static int lengthOfRow(Object[] rows, int row) {
        if (rows[row] == null) {
            throw new IllegalArgumentException("row " + row + " of the 2-D array is null");
        }
        return Array.getLength(rows[row]);
    }
}
