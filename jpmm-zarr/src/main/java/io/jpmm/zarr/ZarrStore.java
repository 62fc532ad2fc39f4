package io.jpmm.zarr;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/**
 * Where Zarr keys live: a directory ({@link DirectoryStore}) or an S3-compatible bucket
 * ({@link S3Store}). Keys are {@code /}-separated and relative to the store's root. Implementations
 * are safe for use by several threads at once; a push uploads in parallel.
 */
public interface ZarrStore extends AutoCloseable {

    /** The value of {@code key}, or empty if there is none. */
    Optional<byte[]> get(String key) throws IOException;

    /**
     * Writes {@code value} as {@code key}, whole: a reader sees the old value or the new one. It may
     * be durable only after {@link #flush()}. {@code value} may be shelved memory: it is read, never
     * copied into the heap by the store.
     */
    void put(String key, MemorySegment value) throws IOException;

    /** Writes {@code value} as {@code key}; see {@link #put(String, MemorySegment)}. */
    default void put(String key, byte[] value) throws IOException {
        put(key, MemorySegment.ofArray(value));
    }

    /** Makes every value put or copied so far durable (a directory fsyncs its new files and directories). */
    default void flush() throws IOException {
    }

    /** Copies {@code from} to {@code to} inside the store, server-side where the store can. */
    void copy(String from, String to) throws IOException;

    /** The keys under {@code prefix} (a directory, without a trailing slash; empty for all), in no particular order. */
    List<String> list(String prefix) throws IOException;

    /** Removes {@code key} if present. */
    void delete(String key) throws IOException;

    /** Where the store is, for messages: a path or {@code s3://bucket/prefix}, never credentials. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
