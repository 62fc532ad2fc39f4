package io.jpmm;

/**
 * Writes the data of a new array into its space on the shelf, before the array is committed: see
 * {@link Shelf#put(String, DType, Shape, ArrayFiller)}.
 *
 * @param <E> the checked exception the filler may throw, such as {@link java.io.IOException}
 */
@FunctionalInterface
public interface ArrayFiller<E extends Exception> {

    /** Writes every element of {@code target}, which is valid only until this method returns. */
    void fill(NdArray target) throws E;
}
