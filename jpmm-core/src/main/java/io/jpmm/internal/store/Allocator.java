package io.jpmm.internal.store;

import java.util.Comparator;
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
 *
 * <p>Extents start at multiples of the allocation unit (the medium's write unit when the shelf was
 * made: a page on ordinary files, a cache line on persistent memory) and take whole units, so no
 * two variables share a unit a torn write could damage, and every free byte counted can hold data.
 * Arrays of 2 MiB and more start on a 2 MiB boundary where a free piece allows it (huge pages on
 * DAX), and on a unit boundary where none does. Best fit by size, found in O(log n); freed pieces
 * merge with their neighbours, never across regions.
 */
final class Allocator {
    /** A free piece of a region. */
    private record Piece(long start, long length) {
        long end() {
            return start + length;
        }
    }

    private static final Comparator<Piece> BY_SIZE = Comparator.comparingLong(Piece::length).thenComparingLong(Piece::start);

    private final NavigableMap<Long, Long> freeByStart = new TreeMap<>();
    private final NavigableSet<Piece> freeBySize = new TreeSet<>(BY_SIZE);
    private final NavigableSet<Long> regionStarts = new TreeSet<>();
    private final long unit;
    private long capacity;
    private long freeBytes;

    /**
     * @param unit where extents start and how much space they take at least: the shelf's allocation
     *             unit, so that writing a new variable never touches a unit that holds another one
     */
    Allocator(List<Extent> regions, long unit) {
        this.unit = Math.max(unit, Layout.SMALL_ALIGNMENT);
        regions.forEach(this::addRegion);
    }

    /** Adds a region's whole units to the free space (regions start on a unit boundary). */
    void addRegion(Extent region) {
        long usable = region.length() - region.length() % unit;
        regionStarts.add(region.offset());
        capacity += usable;
        free(region.offset(), region.offset() + usable);
    }

    /** The allocation unit: where extents start, and the granule of the space they take. */
    long unit() {
        return unit;
    }

    /** Where the free space at the end of {@code region} begins, or the region's end if its last unit is used. */
    long freeTailStart(Extent region) {
        Map.Entry<Long, Long> piece = freeByStart.lowerEntry(region.end());
        return piece != null && piece.getKey() + piece.getValue() == region.end() && piece.getKey() >= region.offset()
                ? piece.getKey() : region.end();
    }

    /** Takes the free tail {@code [newEnd, region.end())} out of the shelf: the region now ends at {@code newEnd}. */
    void cutRegion(Extent region, long newEnd) {
        if (newEnd == region.end()) {
            return;
        }
        Map.Entry<Long, Long> piece = freeByStart.floorEntry(newEnd);
        if (piece == null || piece.getKey() + piece.getValue() != region.end() || newEnd % unit != 0) {
            throw new IllegalStateException("[" + newEnd + ", " + region.end() + ") is not the free tail of " + region);
        }
        remove(new Piece(piece.getKey(), piece.getValue()));
        if (piece.getKey() < newEnd) {
            add(new Piece(piece.getKey(), newEnd - piece.getKey()));
        }
        long cut = region.end() - newEnd;
        capacity -= cut;
        freeBytes -= cut;
        if (newEnd == region.offset()) {
            regionStarts.remove(region.offset());
        }
    }

    /** The space an extent of {@code length} bytes takes: whole units. */
    long footprint(long length) {
        return Layout.alignUp(length, unit);
    }

    /**
     * Marks an extent found in the committed state as used.
     *
     * @return false if it is not wholly free (it overlaps another extent or lies outside the
     *         regions) or does not start on the allocation unit
     */
    boolean reserve(Extent extent) {
        if (extent.length() == 0) {
            return true;
        }
        if (extent.offset() % unit != 0) {
            return false;
        }
        Map.Entry<Long, Long> piece = freeByStart.floorEntry(extent.offset());
        long end = extent.offset() + footprint(extent.length());
        if (piece == null || piece.getKey() + piece.getValue() < end) {
            return false;
        }
        take(new Piece(piece.getKey(), piece.getValue()), extent.offset(), end - extent.offset());
        return true;
    }

    /** A free extent of {@code length} bytes, suitably aligned, now marked used; empty if none fits. */
    Optional<Extent> allocate(long length) {
        if (length == 0) {
            return Optional.of(Extent.EMPTY);
        }
        long size = footprint(length);
        if (length >= Layout.LARGE_VARIABLE) {
            // A piece this large holds a 2 MiB-aligned extent wherever it starts.
            Piece piece = freeBySize.ceiling(new Piece(-1, size + Layout.LARGE_ALIGNMENT - unit));
            if (piece != null) {
                return Optional.of(take(piece, Layout.alignUp(piece.start(), Layout.LARGE_ALIGNMENT), size, length));
            }
        }
        Piece piece = freeBySize.ceiling(new Piece(-1, size));
        return piece == null ? Optional.empty() : Optional.of(take(piece, piece.start(), size, length));
    }

    /** Returns an extent to the free space. */
    void release(Extent extent) {
        if (extent.length() != 0) {
            free(extent.offset(), extent.offset() + footprint(extent.length()));
        }
    }

    private void free(long start, long end) {
        Map.Entry<Long, Long> overlapping = freeByStart.lowerEntry(end);
        if (overlapping != null && overlapping.getKey() + overlapping.getValue() > start) {
            throw new IllegalStateException("[" + start + ", " + end + ") is already free");
        }
        long freed = end - start;
        Map.Entry<Long, Long> before = freeByStart.lowerEntry(start);
        if (before != null && before.getKey() + before.getValue() == start && !regionStarts.contains(start)) {
            start = before.getKey();
            remove(new Piece(before.getKey(), before.getValue()));
        }
        Long afterLength = freeByStart.get(end);
        if (afterLength != null && !regionStarts.contains(end)) {
            remove(new Piece(end, afterLength));
            end += afterLength;
        }
        add(new Piece(start, end - start));
        freeBytes += freed;
    }

    long capacity() {
        return capacity;
    }

    /** Free bytes, all in whole units: each can hold data. */
    long freeBytes() {
        return freeBytes;
    }

    long largestFree() {
        return freeBySize.isEmpty() ? 0 : freeBySize.last().length();
    }

    private Extent take(Piece piece, long start, long size, long length) {
        take(piece, start, size);
        return new Extent(start, length);
    }

    private void take(Piece piece, long start, long size) {
        remove(piece);
        if (start > piece.start()) {
            add(new Piece(piece.start(), start - piece.start()));
        }
        if (start + size < piece.end()) {
            add(new Piece(start + size, piece.end() - start - size));
        }
        freeBytes -= size;
    }

    private void add(Piece piece) {
        freeByStart.put(piece.start(), piece.length());
        freeBySize.add(piece);
    }

    private void remove(Piece piece) {
        freeByStart.remove(piece.start());
        freeBySize.remove(piece);
    }
}
