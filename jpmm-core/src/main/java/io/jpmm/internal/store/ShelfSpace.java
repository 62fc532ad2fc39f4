package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The space of a shelf: free extents, and new regions when they run out. A shelf grows by
 * appending a region to the file (its blocks allocated, then a superblock naming it: the commit
 * point of the growth), never by remapping existing ones, so every live mapping stays valid. Each
 * new region is at least as large as the shelf already is, so a shelf reaches any size in a few
 * dozen regions, far inside the superblock's table. A crash during growth leaves at most a longer
 * file, whose tail the next growth (or {@link #compact()}) reuses.
 *
 * <p>Space a commit displaces is freed only once no reader can still see it: each such extent is
 * held back with the sequence number of the commit that displaced it, and let go when every live
 * reader's snapshot is at least that new ({@link ReaderTable}). Caller holds the store's lock.
 */
final class ShelfSpace {
    private final Allocator allocator;
    private final MediumFile file;
    private final Superblocks superblocks;
    private final long maxBytes;
    private final String shelfName;
    private final ReaderTable readers;
    private final List<LogRecord.DeferredFree> deferred;

    /**
     * @param maxBytes the largest the file may grow to, or 0 for as large as its file system allows
     * @param readers  the shelf's reader table, or null if no reader can open it beside this writer
     * @param deferred extents held back for readers, already reserved in {@code allocator}
     */
    ShelfSpace(Allocator allocator, MediumFile file, Superblocks superblocks, long maxBytes, String shelfName,
               ReaderTable readers, List<LogRecord.DeferredFree> deferred) {
        this.allocator = allocator;
        this.file = file;
        this.superblocks = superblocks;
        this.maxBytes = maxBytes;
        this.shelfName = shelfName;
        this.readers = readers;
        this.deferred = new ArrayList<>(deferred);
    }

    /**
     * Frees {@code extent}, which the commit with sequence number {@code sequence} displaced, as soon
     * as no reader's snapshot is older than that commit.
     */
    void releaseAfter(Extent extent, long sequence) {
        if (extent.length() == 0) {
            return;
        }
        deferred.add(new LogRecord.DeferredFree(sequence, extent));
        reclaim();
    }

    /**
     * Frees the held-back extents no live reader can see any more. If the reader table cannot be
     * read, nothing is freed: space stays held, which is safe.
     */
    void reclaim() {
        if (deferred.isEmpty()) {
            return;
        }
        long newest = deferred.stream().mapToLong(LogRecord.DeferredFree::sequence).max().orElseThrow();
        long oldestReader;
        try {
            oldestReader = readers == null ? Long.MAX_VALUE : readers.oldestSnapshot(newest);
        } catch (IOException unreadable) {
            Log.warning(() -> file.path() + ": cannot read the reader table (" + unreadable.getMessage()
                    + "); space freed since it was last read stays held");
            return;
        }
        deferred.removeIf(free -> {
            if (free.sequence() > oldestReader) {
                return false;
            }
            allocator.release(free.extent());
            return true;
        });
    }

    /** The extents held back for readers, for a checkpoint to carry. */
    List<LogRecord.DeferredFree> deferred() {
        return List.copyOf(deferred);
    }

    /** The space held back for readers, in allocation units. */
    long deferredBytes() {
        return deferred.stream().mapToLong(free -> footprint(free.extent().length())).sum();
    }

    Allocator allocator() {
        return allocator;
    }

    long footprint(long length) {
        return allocator.footprint(length);
    }

    long capacity() {
        return allocator.capacity();
    }

    long freeBytes() {
        return allocator.freeBytes();
    }

    long largestFree() {
        return allocator.largestFree();
    }

    void release(Extent extent) {
        allocator.release(extent);
    }

    /**
     * A free extent of {@code length} bytes for {@code what}, growing the shelf if none is free.
     *
     * @throws StoreException with {@link StoreException.Reason#FULL} at the maximum size or when the
     *                        file system is full, with the bytes needed and available; nothing changed
     */
    Extent allocate(String what, long length) throws IOException {
        reclaim();
        Optional<Extent> free = allocator.allocate(length);
        if (free.isPresent()) {
            return free.get();
        }
        grow(what, length);
        return allocator.allocate(length).orElseThrow(() -> new IllegalStateException(
                "a region grown for " + length + " bytes cannot hold them"));
    }

    /** Like {@link #allocate}, but empty instead of an exception when the shelf cannot grow. */
    Optional<Extent> tryAllocate(long length) throws IOException {
        try {
            return Optional.of(allocate("the commit log", length));
        } catch (StoreException full) {
            if (full.reason() != StoreException.Reason.FULL) {
                throw full;
            }
            return Optional.empty();
        }
    }

    /** A free extent of {@code length} bytes if one is free now; never grows the shelf. */
    Optional<Extent> tryAllocateFree(long length) {
        reclaim();
        return allocator.allocate(length);
    }

    /** Appends a region that can hold {@code length} bytes: at least as large as the shelf, space allowing. */
    private void grow(String what, long length) throws IOException {
        Superblock current = superblocks.current();
        long needed = Layout.alignUp(footprint(length), Layout.SLOT_SIZE);
        long start = Layout.alignUp(current.fileLength(), Layout.SLOT_SIZE);
        // Large regions start on 2 MiB boundaries, so that the arrays they are made for can too (huge pages on DAX).
        if (needed >= Layout.LARGE_VARIABLE && (maxBytes == 0 || Layout.alignUp(start, Layout.LARGE_ALIGNMENT) + needed <= maxBytes)) {
            start = Layout.alignUp(start, Layout.LARGE_ALIGNMENT);
        }
        long size = Math.max(needed, Layout.alignUp(allocator.capacity(), Layout.SLOT_SIZE));
        if (maxBytes > 0) {
            size = Math.min(size, (maxBytes - start) / Layout.SLOT_SIZE * Layout.SLOT_SIZE);
            if (size < needed) {
                throw StoreException.full("cannot put " + what + " (" + length + " bytes) on shelf '" + shelfName
                        + "': it would grow past its maximum size of " + maxBytes + " bytes (" + allocator.freeBytes()
                        + " bytes are free, in pieces up to " + allocator.largestFree() + " bytes)", needed,
                        Math.max(0, maxBytes - current.fileLength()) + allocator.freeBytes());
            }
        }
        // Space a growth that crashed already allocated past the superblock's length counts as available.
        long available = Files.getFileStore(file.path()).getUsableSpace() + Math.max(0, file.length() - current.fileLength());
        if (start + size - current.fileLength() > available) {
            size = needed;
            if (start + size - current.fileLength() > available) {
                throw StoreException.full("cannot put " + what + " (" + length + " bytes) on shelf '" + shelfName
                        + "': growing " + file.path() + " by " + (start + size - current.fileLength()) + " bytes needs more"
                        + " than its file system has free (" + available + " bytes; no space left on device)", needed,
                        available);
            }
        }
        if (current.regions().size() >= SuperblockCodec.MAX_REGIONS) {
            throw StoreException.full("shelf '" + shelfName + "' has " + SuperblockCodec.MAX_REGIONS
                    + " regions, as many as its superblock holds; compact() it", needed, allocator.freeBytes());
        }
        Extent region = new Extent(start, size);
        long grownFrom = current.fileLength();
        file.grow(grownFrom, region.end());
        List<Extent> regions = new ArrayList<>(current.regions());
        regions.add(region);
        superblocks.write(current.withRegions(regions, region.end()));
        allocator.addRegion(region);
        Log.info(() -> file.path() + ": grew by a region of " + region.length() + " bytes at " + region.offset() + " for "
                + what + "; the file is now " + region.end() + " bytes");
    }

    /**
     * Gives free space at the end of the file back to the file system: the free tail of the last
     * region is cut off (a region left empty is dropped), the superblock naming the shorter file is
     * made durable, then the file is truncated. A crash in between leaves a longer file.
     *
     * @return the bytes given back
     */
    long compact() throws IOException {
        Superblock current = superblocks.current();
        List<Extent> regions = new ArrayList<>(current.regions());
        long before = current.fileLength();
        while (true) {
            Extent last = regions.getLast();
            long tail = Layout.alignUp(allocator.freeTailStart(last), Layout.SLOT_SIZE);
            if (tail >= last.end()) {
                break;
            }
            boolean dropRegion = tail == last.offset() && regions.size() > 1;
            long newEnd = dropRegion ? last.offset() : Math.max(tail, last.offset() + Layout.SLOT_SIZE);
            if (newEnd >= last.end()) {
                break;
            }
            allocator.cutRegion(last, newEnd);
            regions.removeLast();
            if (!dropRegion) {
                regions.add(new Extent(last.offset(), newEnd - last.offset()));
                break;
            }
        }
        long newLength = regions.getLast().end();
        if (newLength == before) {
            return 0;
        }
        superblocks.write(current.withRegions(regions, newLength));
        file.truncate(newLength);
        Log.info(() -> file.path() + ": compacted from " + before + " to " + newLength + " bytes");
        return before - newLength;
    }
}
