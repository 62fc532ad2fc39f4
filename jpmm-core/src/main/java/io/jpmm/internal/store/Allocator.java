package io.jpmm.internal.store;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Free space of a shelf, in memory only. It is never written to the file: at open it is derived
 * from the regions minus the log and the committed variables, so a crash cannot leak space.
 * Address-ordered first fit; freed pieces merge with their neighbours, never across regions.
 */
final class Allocator {
    private final NavigableMap<Long, Long> free = new TreeMap<>();
    private final NavigableSet<Long> regionStarts = new TreeSet<>();
    private final long smallAlignment;
    private long capacity;
    private long freeBytes;

    /**
     * @param smallAlignment where extents under 2 MiB start: the medium's write unit, so that writing
     *                       a new variable never touches a unit that holds another one
     */
    Allocator(List<Extent> regions, long smallAlignment) {
        this.smallAlignment = Math.max(smallAlignment, Layout.SMALL_ALIGNMENT);
        regions.forEach(this::addRegion);
    }

    void addRegion(Extent region) {
        regionStarts.add(region.offset());
        capacity += region.length();
        release(region);
    }

    /**
     * Marks an extent found in the committed state as used.
     *
     * @return false if it is not wholly free: it overlaps another extent or lies outside the regions
     */
    boolean reserve(Extent extent) {
        if (extent.length() == 0) {
            return true;
        }
        Map.Entry<Long, Long> piece = free.floorEntry(extent.offset());
        if (piece == null || piece.getKey() + piece.getValue() < extent.end()) {
            return false;
        }
        take(piece.getKey(), piece.getValue(), extent);
        return true;
    }

    /** A free extent of {@code length} bytes, suitably aligned, now marked used; empty if none fits. */
    Optional<Extent> allocate(long length) {
        if (length == 0) {
            return Optional.of(Extent.EMPTY);
        }
        long alignment = length >= Layout.LARGE_VARIABLE ? Layout.LARGE_ALIGNMENT : smallAlignment;
        for (Map.Entry<Long, Long> piece : free.entrySet()) {
            long start = Layout.alignUp(piece.getKey(), alignment);
            if (start + length <= piece.getKey() + piece.getValue()) {
                Extent extent = new Extent(start, length);
                take(piece.getKey(), piece.getValue(), extent);
                return Optional.of(extent);
            }
        }
        return Optional.empty();
    }

    /** Returns an extent to the free space. */
    void release(Extent extent) {
        if (extent.length() == 0) {
            return;
        }
        long start = extent.offset();
        long end = extent.end();
        Map.Entry<Long, Long> overlapping = free.lowerEntry(end);
        if (overlapping != null && overlapping.getKey() + overlapping.getValue() > start) {
            throw new IllegalStateException("extent " + extent + " is already free");
        }
        Map.Entry<Long, Long> before = free.lowerEntry(start);
        if (before != null && before.getKey() + before.getValue() == start && !regionStarts.contains(start)) {
            start = before.getKey();
            free.remove(before.getKey());
        }
        Long afterLength = free.get(end);
        if (afterLength != null && !regionStarts.contains(end)) {
            free.remove(end);
            end += afterLength;
        }
        free.put(start, end - start);
        freeBytes += extent.length();
    }

    long capacity() {
        return capacity;
    }

    long freeBytes() {
        return freeBytes;
    }

    long largestFree() {
        return free.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private void take(long pieceStart, long pieceLength, Extent extent) {
        free.remove(pieceStart);
        if (extent.offset() > pieceStart) {
            free.put(pieceStart, extent.offset() - pieceStart);
        }
        long pieceEnd = pieceStart + pieceLength;
        if (extent.end() < pieceEnd) {
            free.put(extent.end(), pieceEnd - extent.end());
        }
        freeBytes -= extent.length();
    }
}
