package io.jpmm;

/**
 * How a shelf makes writes durable, chosen automatically when the shelf is opened and reported by
 * {@link Shelf#medium()}.
 */
public enum PersistMode {
    /**
     * The file lives on a DAX file system (persistent memory) and is mapped with {@code MAP_SYNC}:
     * a write is durable once its cache lines are flushed, with no system call.
     */
    MAP_SYNC("persistent memory (MAP_SYNC, cache-line flush)"),
    /** An ordinary shared file mapping: changed pages are written back with {@code msync}. */
    MSYNC("mapped file (msync)");

    private final String description;

    PersistMode(String description) {
        this.description = description;
    }

    /** A short human description, such as {@code "mapped file (msync)"}. */
    public String description() {
        return description;
    }
}
