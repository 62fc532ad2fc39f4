package io.jpmm;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The dimensions of an array, outermost first (C order). Immutable; up to {@value #MAX_RANK}
 * dimensions, each at least 0; a shape of rank 0 is a scalar.
 */
public final class Shape {
    /** The most dimensions an array may have (NumPy's limit for most of its history). */
    public static final int MAX_RANK = 32;

    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions.
     *
     * @throws IllegalArgumentException if there are more than {@value #MAX_RANK}, one is negative, or
     *                                  the element count overflows a {@code long}
     */
    public static Shape of(long... dims) {
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has " + dims.length
                    + " dimensions; at most " + MAX_RANK + " are supported");
        }
        long size = 1;
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has a negative dimension");
            }
            try {
                size = Math.multiplyExact(size, dim);
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has too many elements", overflow);
            }
        }
        return new Shape(dims.clone());
    }

    /** The number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** The length of dimension {@code axis}. */
    public long dim(int axis) {
        return dims[axis];
    }

    /** The number of elements: the product of the dimensions (1 for a scalar). */
    public long size() {
        long size = 1;
        for (long dim : dims) {
            size *= dim;
        }
        return size;
    }

    /** The dimensions as a new array. */
    public long[] toArray() {
        return dims.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** NumPy's notation: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        return Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
