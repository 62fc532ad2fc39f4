package io.jpmm.internal.medium;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** One open file of a {@link Medium}: mapped in ranges, flushed in ranges, grown. */
public interface MediumFile extends Closeable {

    Path path();

    /** The file's current length in bytes. */
    long length();

    /**
     * The file's length as the file system has it now: a writer in another process may have grown
     * it since {@link #length()} was last read.
     */
    default long refreshLength() throws IOException {
        return length();
    }

    /** How {@link #persist} makes writes durable on this file (or would, if it is open read-only). */
    SyncMode mode();

    /** Whether the file is open read-only: mappings are read-only and {@link #persist} does nothing. */
    boolean readOnly();

    /**
     * The unit a crash can tear: bytes in one unit reach the medium together or, if the power fails
     * during the write, possibly damaged. A page (4096) for files written back by the OS, where a
     * torn page can hold garbage after the tear; a cache line (64) on persistent memory. The store
     * never writes into a unit that holds committed bytes.
     */
    int writeUnit();

    /**
     * Maps {@code length} bytes at {@code offset}; the mapping lives until {@code arena} closes. The
     * range must lie inside the file: mapping past its end would fault on access.
     */
    MemorySegment map(long offset, long length, Arena arena) throws IOException;

    /**
     * Makes every write to {@code mapped} (a mapping from {@link #map} or a slice of one) durable.
     * A failure must not be retried as if nothing happened: the OS may already have dropped the
     * dirty pages, so a later success would be a lie. Callers stop writing instead.
     */
    void persist(MemorySegment mapped) throws IOException;

    /**
     * Writes {@code count} bytes read from {@code source} into the file at {@code offset} and makes
     * them durable, without a mapping in between where the medium allows: from a file, the kernel
     * copies file to file, and the pages never enter this process. {@code progress} hears the bytes
     * written so far, now and then.
     *
     * @throws java.io.EOFException if {@code source} ends first
     * @throws FlushFailedException   if making the bytes durable failed (see {@link #persist})
     * @throws IOException            if reading {@code source} failed
     */
    void writeFrom(java.nio.channels.ReadableByteChannel source, long offset, long count,
                   java.util.function.LongConsumer progress) throws IOException;

    /**
     * Copies {@code count} bytes of the file at {@code offset} into {@code target} without a mapping
     * in between where the medium allows it (into a file, the kernel copies file to file, as
     * {@code cp} does, and the pages never enter this process).
     *
     * @return false where the medium cannot, and the caller copies through its mapping
     */
    default boolean copyTo(long offset, long count, java.nio.channels.WritableByteChannel target) throws IOException {
        return false;
    }

    /**
     * Writes all of {@code source} into the file at {@code offset} through the file, not through a
     * mapping, where that is the faster way into space that holds no live data: on a page-cache file
     * system, a full-page write needs no page zeroed or read first, where a first write through a
     * mapping faults in zeroed pages and then overwrites them. Not durable until the range is
     * persisted through its mapping ({@link #persist}), which flushes that range only.
     *
     * @return false where the medium writes fastest through its mapping (persistent memory), or
     *         {@code source} is not off the Java heap; the caller copies through the mapping then
     */
    default boolean write(MemorySegment source, long offset) throws IOException {
        return false;
    }

    /**
     * Makes {@code [offset, offset + length)}, space that holds no live data, read as zeros without
     * writing them, durably, where the medium can: on ext4 the range's blocks become unwritten
     * extents, which stay allocated, so no later write into them can meet a full disk.
     *
     * @return false where the medium cannot, and the caller writes the zeros through its mapping
     * @throws FlushFailedException if flushing the file afterwards failed
     */
    default boolean zero(long offset, long length) throws IOException {
        return false;
    }

    /**
     * Hints that {@code mapped} is about to be overwritten in full, so its pages can be faulted in
     * ahead of the copy. Best effort: does nothing where the OS or the JVM settings don't allow it.
     */
    void prefault(MemorySegment mapped);

    /**
     * Gives disk space to any part of the file that has none (a hole of a sparse file), so that no
     * write through a mapping can meet a full disk. Cheap when the file has no holes. Does nothing
     * where it cannot tell (native access not enabled).
     *
     * @throws IOException if the file system cannot provide the space
     */
    void allocateHoles() throws IOException;

    /**
     * Gives {@code [from, to)} disk blocks and makes the file at least {@code to} bytes long, durably.
     * The range may already be part of the file (what a growth that crashed left behind): its
     * blocks are allocated again, so a partly allocated tail is whole afterwards.
     */
    void grow(long from, long to) throws IOException;

    /** Cuts the file to {@code newLength} bytes, durably: space at the end goes back to the file system. */
    void truncate(long newLength) throws IOException;

    @Override
    void close() throws IOException;
}
