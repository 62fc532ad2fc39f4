package io.jpmm.internal.compute;

import io.jpmm.DType;
import java.lang.foreign.MemorySegment;

import static io.jpmm.internal.array.ElementCodec.DOUBLE;

/**
 * A 2-D view as the matrix products see it: element (i, j) lies at byte
 * {@code offset + i · rowStride + j · columnStride}, so that a transpose only swaps the strides.
 * Rows are read into computation buffers of any length, which keeps the products free of Java's
 * 2³¹-element array limit.
 */
record Matrix(DType dtype, MemorySegment memory, long offset, long rows, long columns, long rowStride, long columnStride) {

    static Matrix of(View view) {
        var layout = view.layout();
        return new Matrix(view.dtype(), view.memory(), layout.offset(), layout.dim(0), layout.dim(1), layout.stride(0),
                layout.stride(1));
    }

    Matrix transpose() {
        return new Matrix(dtype, memory, offset, columns, rows, columnStride, rowStride);
    }

    /** The byte at which element ({@code row}, {@code column}) lies. */
    long at(long row, long column) {
        return offset + row * rowStride + column * columnStride;
    }

    /** Whether each row is float64 values side by side in native memory, which a kernel can read in place. */
    boolean rowsAreNativeFloat64() {
        return dtype == DType.FLOAT64 && columnStride == Double.BYTES && memory.isNative();
    }

    /** Reads {@code count} elements of row {@code row} from column {@code from} on. */
    void loadRow(long row, long from, double[] into, int count) {
        Loads.load(dtype, memory, at(row, from), columnStride, into, count);
    }

    /** Reads {@code count} elements of column {@code column} from row {@code from} on. */
    void loadColumn(long column, long from, double[] into, int count) {
        Loads.load(dtype, memory, at(from, column), rowStride, into, count);
    }

    void loadRow(long row, long from, long[] into, int count) {
        Loads.load(dtype, memory, at(row, from), columnStride, into, count);
    }

    void storeRow(long row, long from, long[] values, int count) {
        Stores.store(values, count, dtype, memory, at(row, from), columnStride);
    }

    /**
     * Writes a {@code height × width} block of a float64 matrix from row {@code row}, column
     * {@code column}: {@code block[i * blockColumns + j]} replaces the element, or is added to it.
     */
    void writeBlock(long row, long column, int height, int width, double[] block, int blockColumns, boolean add) {
        for (int i = 0; i < height; i++) {
            long rowStart = at(row + i, column);
            int from = i * blockColumns;
            if (!add && columnStride == Double.BYTES) {
                MemorySegment.copy(block, from, memory, DOUBLE, rowStart, width);
                continue;
            }
            for (int j = 0; j < width; j++) {
                long o = rowStart + j * columnStride;
                double value = block[from + j];
                memory.set(DOUBLE, o, add ? memory.get(DOUBLE, o) + value : value);
            }
        }
    }
}
