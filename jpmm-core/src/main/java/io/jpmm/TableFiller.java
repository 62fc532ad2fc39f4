package io.jpmm;

/**
 * Writes the buffers of a new table into its space on the shelf, before the table is committed:
 * see {@link Shelf#putTable(String, TableSpec, TableFiller)}.
 *
 * @param <E> the checked exception the filler may throw, such as {@link java.io.IOException}
 */
@FunctionalInterface
public interface TableFiller<E extends Exception> {

    /** Writes every buffer of {@code table}, which is valid only until this method returns. */
    void fill(TableBuffers table) throws E;
}
