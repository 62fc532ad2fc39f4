package io.jpmm.internal.medium;

/** How a file's writes are made durable. */
public enum SyncMode {
    /** A DAX file system mapped with {@code MAP_SYNC}: flushing the written cache lines is enough. */
    MAP_SYNC("persistent memory (MAP_SYNC, cache-line flush)"),
    /** An ordinary shared mapping: changed pages are written back with {@code msync}. */
    MSYNC("mapped file (msync)");

    private final String description;

    SyncMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
