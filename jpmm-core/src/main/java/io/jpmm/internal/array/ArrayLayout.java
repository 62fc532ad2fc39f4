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

    public long stride(int axis) {
        return strides[axis];
    }

    public int itemSize() {
        return itemSize;
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

    /** Elements {@code from, from + step, ...} before {@code to} along {@code axis} (step > 0). */
    public ArrayLayout slice(int axis, long from, long to, long step) {
        if (step <= 0) {
            throw new IllegalArgumentException("slice step must be positive, was " + step + "; use a Slice for negative steps");
        }
        return slice(axis, Long.valueOf(from), Long.valueOf(to), step);
    }

    /**
     * Python's {@code start:stop:step} along {@code axis}, with NumPy's rules: negative bounds
     * count from the end, bounds past either end are clamped, a null bound means "from the first
     * element in the direction of the step", and a negative step walks backwards.
     */
    public ArrayLayout slice(int axis, Long start, Long stop, long step) {
        checkAxis(axis);
        if (step == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        long dim = shape[axis];
        long first;
        long end;
        if (step > 0) {
            first = start == null ? 0 : clampBound(start, dim, 0, dim);
            end = stop == null ? dim : clampBound(stop, dim, 0, dim);
        } else {
            first = start == null ? dim - 1 : clampBound(start, dim, -1, dim - 1);
            end = stop == null ? -1 : clampBound(stop, dim, -1, dim - 1);
        }
        long count = step > 0 ? (end > first ? (end - first + step - 1) / step : 0)
                : (first > end ? (first - end - step - 1) / -step : 0);
        long[] newShape = shape.clone();
        long[] newStrides = strides.clone();
        newShape[axis] = count;
        newStrides[axis] = strides[axis] * step;
        return new ArrayLayout(newShape, newStrides, count == 0 ? offset : offset + first * strides[axis], itemSize);
    }

    /** The view at {@code index} along {@code axis}: that axis disappears. */
    public ArrayLayout at(int axis, long index) {
        checkAxis(axis);
        long position = offset + checkIndex(index, axis) * strides[axis];
        return new ArrayLayout(remove(shape, axis), remove(strides, axis), position, itemSize);
    }

    /** A new axis of length 1 before {@code axis} ({@code axis == rank()} appends one). */
    public ArrayLayout insertAxis(int axis) {
        if (axis < 0 || axis > shape.length) {
            throw new IllegalArgumentException("cannot insert axis " + axis + " into an array of shape " + shape());
        }
        return new ArrayLayout(insert(shape, axis, 1), insert(strides, axis, 0), offset, itemSize);
    }

    /** Without the axes of length 1 (all of them when {@code axes} is empty). */
    public ArrayLayout squeeze(int... axes) {
        boolean[] drop = new boolean[shape.length];
        if (axes.length == 0) {
            for (int axis = 0; axis < shape.length; axis++) {
                drop[axis] = shape[axis] == 1;
            }
        }
        for (int given : axes) {
            int axis = normalizeAxis(given);
            if (shape[axis] != 1) {
                throw new IllegalArgumentException("cannot squeeze axis " + given + " of shape " + shape()
                        + ": its length is " + shape[axis] + ", not 1");
            }
            drop[axis] = true;
        }
        int kept = 0;
        for (boolean dropped : drop) {
            kept += dropped ? 0 : 1;
        }
        long[] newShape = new long[kept];
        long[] newStrides = new long[kept];
        for (int axis = 0, i = 0; axis < shape.length; axis++) {
            if (!drop[axis]) {
                newShape[i] = shape[axis];
                newStrides[i++] = strides[axis];
            }
        }
        return new ArrayLayout(newShape, newStrides, offset, itemSize);
    }

    /**
     * This view repeated to {@code target} by NumPy's broadcasting rules: axes are matched from
     * the end, a missing or length-1 axis repeats (stride 0). The result is read-only in spirit:
     * writing through it writes one element many times.
     */
    public ArrayLayout broadcastTo(long[] target) {
        if (target.length < shape.length) {
            throw new IllegalArgumentException("cannot broadcast shape " + shape() + " to " + Shape.of(target)
                    + ", which has fewer dimensions");
        }
        long[] newStrides = new long[target.length];
        int lead = target.length - shape.length;
        for (int axis = 0; axis < shape.length; axis++) {
            long dim = shape[axis];
            if (dim == target[lead + axis]) {
                newStrides[lead + axis] = strides[axis];
            } else if (dim == 1) {
                newStrides[lead + axis] = 0;
            } else {
                throw new IllegalArgumentException("cannot broadcast shape " + shape() + " to " + Shape.of(target)
                        + ": axis " + axis + " has length " + dim + ", not 1 or " + target[lead + axis]);
            }
        }
        return new ArrayLayout(target.clone(), newStrides, offset, itemSize);
    }

    /** NumPy's broadcast shape of several shapes, or an exception naming them. */
    public static long[] broadcastShape(long[]... shapes) {
        int rank = 0;
        for (long[] each : shapes) {
            rank = Math.max(rank, each.length);
        }
        long[] result = new long[rank];
        java.util.Arrays.fill(result, 1);
        for (long[] each : shapes) {
            for (int i = 0; i < each.length; i++) {
                int axis = rank - each.length + i;
                long dim = each[i];
                if (result[axis] == 1) {
                    result[axis] = dim;
                } else if (dim != 1 && dim != result[axis]) {
                    throw new IllegalArgumentException("operands could not be broadcast together with shapes "
                            + java.util.Arrays.stream(shapes).map(s -> Shape.of(s).toString())
                            .collect(java.util.stream.Collectors.joining(" ")));
                }
            }
        }
        return result;
    }

    /** The axis {@code axis} names, counting from the end if negative. */
    public int normalizeAxis(int axis) {
        int resolved = axis < 0 ? axis + shape.length : axis;
        if (resolved < 0 || resolved >= shape.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for an array of " + shape.length
                    + " dimensions " + shape());
        }
        return resolved;
    }

    private static long[] remove(long[] values, int index) {
        long[] result = new long[values.length - 1];
        System.arraycopy(values, 0, result, 0, index);
        System.arraycopy(values, index + 1, result, index, values.length - index - 1);
        return result;
    }

    private static long[] insert(long[] values, int index, long value) {
        long[] result = new long[values.length + 1];
        System.arraycopy(values, 0, result, 0, index);
        result[index] = value;
        System.arraycopy(values, index, result, index + 1, values.length - index);
        return result;
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

    /**
     * The same elements in C order under another shape, as a view, or empty if the strides do not
     * allow one without copying (NumPy's {@code _attempt_nocopy_reshape}): axes may be split and
     * merged where the elements they cover are evenly spaced.
     */
    public java.util.Optional<ArrayLayout> reshape(Shape newShape) {
        if (newShape.size() != size()) {
            throw new IllegalArgumentException("cannot reshape an array of " + size() + " elements " + shape()
                    + " into shape " + newShape);
        }
        long[] dims = newShape.toArray();
        if (isContiguous()) {
            return java.util.Optional.of(new ArrayLayout(dims, cOrderStrides(dims, itemSize), offset, itemSize));
        }
        // Work on the axes longer than 1; the new shape's axes of length 1 get any stride.
        long[] oldDims = java.util.Arrays.stream(shape).filter(dim -> dim != 1).toArray();
        long[] oldStrides = new long[oldDims.length];
        for (int axis = 0, i = 0; axis < shape.length; axis++) {
            if (shape[axis] != 1) {
                oldStrides[i++] = strides[axis];
            }
        }
        long[] newStrides = new long[dims.length];
        int oldI = 0;
        int newI = 0;
        while (newI < dims.length && oldI < oldDims.length) {
            int oldJ = oldI + 1;
            int newJ = newI + 1;
            long newProduct = dims[newI];
            long oldProduct = oldDims[oldI];
            while (newProduct != oldProduct) {
                if (newProduct < oldProduct) {
                    newProduct *= dims[newJ++];
                } else {
                    oldProduct *= oldDims[oldJ++];
                }
            }
            for (int k = oldI; k < oldJ - 1; k++) {
                if (oldStrides[k] != oldDims[k + 1] * oldStrides[k + 1]) {
                    return java.util.Optional.empty();
                }
            }
            newStrides[newJ - 1] = oldStrides[oldJ - 1];
            for (int k = newJ - 1; k > newI; k--) {
                newStrides[k - 1] = newStrides[k] * dims[k];
            }
            newI = newJ;
            oldI = oldJ;
        }
        long last = newI > 0 ? newStrides[newI - 1] : itemSize;
        for (int k = newI; k < dims.length; k++) {
            newStrides[k] = last;
        }
        return java.util.Optional.of(new ArrayLayout(dims, newStrides, offset, itemSize));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArrayLayout layout && offset == layout.offset && itemSize == layout.itemSize
                && Arrays.equals(shape, layout.shape) && Arrays.equals(strides, layout.strides);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(strides) + Long.hashCode(offset);
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

    private static long clampBound(long bound, long dim, long low, long high) {
        long resolved = bound < 0 ? bound + dim : bound;
        return Math.clamp(resolved, low, high);
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
