package io.jpmm.internal.array;

import io.jpmm.Shape;

import java.util.Arrays;

/**
 * Where the elements of an array view lie: shape, byte strides and the byte offset of element
 * {@code [0, 0, ...]}. Views (slices, sub-arrays, reshapes, diagonals) are new layouts over the same
 * memory. Index arguments may be negative, counting from the end as in NumPy.
 */
public final class ArrayLayout {
    private final long[] shape;
    private final long[] strides;
    private final long offset;
    private final int itemSize;

    private ArrayLayout(long[] shape, long[] strides, long offset, int itemSize) {
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.itemSize = itemSize;
    }

    /** A C-ordered (row-major) layout starting at byte 0. */
    public static ArrayLayout contiguous(Shape shape, int itemSize) {
        long[] dims = shape.toArray();
        return new ArrayLayout(dims, cOrderStrides(dims, itemSize), 0, itemSize);
    }

    private static long[] cOrderStrides(long[] dims, int itemSize) {
        long[] strides = new long[dims.length];
        long stride = itemSize;
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            strides[axis] = stride;
            stride *= Math.max(dims[axis], 1);
        }
        return strides;
    }

    public Shape shape() {
        return Shape.of(shape);
    }

    public long[] dims() {
        return shape.clone();
    }

    public long[] strides() {
        return strides.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int axis) {
        return shape[axis];
    }

    public long offset() {
        return offset;
    }

    public long size() {
        long size = 1;
        for (long dim : shape) {
            size *= dim;
        }
        return size;
    }

    public long byteSize() {
        return size() * itemSize;
    }

    /** Whether the elements are adjacent in C order, so the view is one block of bytes. */
    public boolean isContiguous() {
        long expected = itemSize;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] != 1 && strides[axis] != expected) {
                return size() == 0;
            }
            expected *= shape[axis];
        }
        return true;
    }

    /** The byte offset of the element at {@code index}. */
    public long offsetOf(long[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates; the array has " + shape.length + " dimensions " + shape());
        }
        long position = offset;
        for (int axis = 0; axis < shape.length; axis++) {
            position += checkIndex(index[axis], axis) * strides[axis];
        }
        return position;
    }

    /** The byte offset of the {@code flatIndex}-th element in C order. */
    public long offsetOfFlat(long flatIndex) {
        long size = size();
        if (flatIndex < 0 || flatIndex >= size) {
            throw new IndexOutOfBoundsException("flat index " + flatIndex + " is out of bounds for " + size + " elements");
        }
        long position = offset;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            position += (flatIndex % shape[axis]) * strides[axis];
            flatIndex /= shape[axis];
        }
        return position;
    }

    /** Elements {@code from, from + step, ...} before {@code to} along {@code axis}. */
    public ArrayLayout slice(int axis, long from, long to, long step) {
        checkAxis(axis);
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive, was " + step);
        }
        long start = clampBound(from, shape[axis]);
        long stop = Math.max(clampBound(to, shape[axis]), start);
        long[] newShape = shape.clone();
        long[] newStrides = strides.clone();
        newShape[axis] = (stop - start + step - 1) / step;
        newStrides[axis] = strides[axis] * step;
        return new ArrayLayout(newShape, newStrides, offset + start * strides[axis], itemSize);
    }

    /** The sub-array at {@code index} of the first axis: one dimension fewer. */
    public ArrayLayout at(long index) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("a 0-dimensional array has no sub-arrays");
        }
        long position = offset + checkIndex(index, 0) * strides[0];
        return new ArrayLayout(Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(strides, 1, strides.length), position, itemSize);
    }

    /** The same elements in C order under another shape; only contiguous views can be reshaped. */
    public ArrayLayout reshape(Shape newShape) {
        if (newShape.size() != size()) {
            throw new IllegalArgumentException("cannot reshape " + size() + " elements " + shape() + " into " + newShape);
        }
        if (!isContiguous()) {
            throw new IllegalStateException("cannot reshape a non-contiguous view " + shape()
                    + " without copying; call copy().reshape(...)");
        }
        long[] dims = newShape.toArray();
        return new ArrayLayout(dims, cOrderStrides(dims, itemSize), offset, itemSize);
    }

    /** The axes in the order {@code axes} gives (negative axes count from the end). */
    public ArrayLayout permute(int... axes) {
        if (axes.length != shape.length) {
            throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " do not match an array of "
                    + shape.length + " dimensions " + shape());
        }
        long[] newShape = new long[axes.length];
        long[] newStrides = new long[axes.length];
        boolean[] used = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int axis = axes[i] < 0 ? axes[i] + shape.length : axes[i];
            if (axis < 0 || axis >= shape.length || used[axis]) {
                throw new IllegalArgumentException("axes " + Arrays.toString(axes) + " are not a permutation of "
                        + "the " + shape.length + " axes of an array of shape " + shape());
            }
            used[axis] = true;
            newShape[i] = shape[axis];
            newStrides[i] = strides[axis];
        }
        return new ArrayLayout(newShape, newStrides, offset, itemSize);
    }

    /** The main diagonal of a 2-dimensional view. */
    public ArrayLayout diagonal() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("diagonal needs a 2-dimensional array, this one is " + shape());
        }
        return new ArrayLayout(new long[] {Math.min(shape[0], shape[1])},
                new long[] {strides[0] + strides[1]}, offset, itemSize);
    }

    /** Visits the view in C order, one run along the last axis at a time. */
    public void forEachRow(RowVisitor visitor) {
        forEachRowPair(this, this, (offsetA, strideA, offsetB, strideB, count) -> visitor.row(offsetA, count, strideA));
    }

    /**
     * Visits two views of the same shape in C order together, one run along the last axis at a
     * time; {@code a} and {@code b} may have different strides and item sizes.
     */
    public static void forEachRowPair(ArrayLayout a, ArrayLayout b, RowPairVisitor visitor) {
        if (!Arrays.equals(a.shape, b.shape)) {
            throw new IllegalArgumentException("shapes " + a.shape() + " and " + b.shape() + " differ");
        }
        if (a.size() == 0) {
            return;
        }
        if (a.shape.length == 0 || (a.isContiguous() && b.isContiguous())) {
            visitor.rows(a.offset, a.itemSize, b.offset, b.itemSize, a.size());
            return;
        }
        int last = a.shape.length - 1;
        long[] counter = new long[last];
        long rows = a.size() / a.shape[last];
        for (long row = 0; row < rows; row++) {
            long positionA = a.offset;
            long positionB = b.offset;
            for (int axis = 0; axis < last; axis++) {
                positionA += counter[axis] * a.strides[axis];
                positionB += counter[axis] * b.strides[axis];
            }
            visitor.rows(positionA, a.strides[last], positionB, b.strides[last], a.shape[last]);
            for (int axis = last - 1; axis >= 0 && ++counter[axis] == a.shape[axis]; axis--) {
                counter[axis] = 0;
            }
        }
    }

    /** The lowest and one-past-highest byte this view touches. */
    public long[] byteSpan() {
        long low = offset;
        long high = offset;
        for (int axis = 0; axis < shape.length; axis++) {
            long extent = (shape[axis] - 1) * strides[axis];
            if (extent < 0) {
                low += extent;
            } else {
                high += extent;
            }
        }
        return size() == 0 ? new long[] {offset, offset} : new long[] {low, high + itemSize};
    }

    private long checkIndex(long index, int axis) {
        long resolved = index < 0 ? index + shape[axis] : index;
        if (resolved < 0 || resolved >= shape[axis]) {
            throw new IndexOutOfBoundsException("index " + index + " is out of bounds for axis " + axis
                    + " with size " + shape[axis]);
        }
        return resolved;
    }

    private void checkAxis(int axis) {
        if (axis < 0 || axis >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " does not exist in an array of shape " + shape());
        }
    }

    private static long clampBound(long bound, long dim) {
        long resolved = bound < 0 ? bound + dim : bound;
        return Math.clamp(resolved, 0, dim);
    }

    /** Two corresponding runs of {@code count} elements each. */
    @FunctionalInterface
    public interface RowPairVisitor {
        void rows(long offsetA, long strideA, long offsetB, long strideB, long count);
    }

    /** One run of elements: {@code count} items from byte {@code offset}, {@code stride} bytes apart. */
    @FunctionalInterface
    public interface RowVisitor {
        void row(long offset, long count, long stride);
    }
}
