package io.jpmm.internal.store;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Fixed numbers of the shelf file format (docs/format.md). Everything is little-endian. */
final class Layout {
    /** The format this code writes. A writer upgrades a shelf of an older version when it opens it. */
    static final int FORMAT_VERSION = 5;
    /** The oldest format this code reads. */
    static final int OLDEST_READABLE_VERSION = 1;
    /** "JPMMSHLF" read as a little-endian long. */
    static final long MAGIC = 0x464C_4853_4D4D_504AL;

    static final int SLOT_SIZE = 4096;
    static final int SLOT_COUNT = 2;
    /** Variables and the log live from here on; before it are the two superblock slots. */
    static final long DATA_START = (long) SLOT_SIZE * SLOT_COUNT;

    /** Arrays of at least this size start on a 2 MiB boundary so DAX can map them with huge pages. */
    static final long LARGE_VARIABLE = 2L << 20;
    static final long LARGE_ALIGNMENT = 2L << 20;
    /** Smaller variables start on a cache line at least, and on the medium's write unit. */
    static final long SMALL_ALIGNMENT = 64;

    static final long MIN_LOG_HALF = 64L << 10;
    static final long MAX_INITIAL_LOG_HALF = 4L << 20;
    /** A shelf smaller than this could not hold its own log. */
    static final long MIN_SHELF_BYTES = 256L << 10;

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Layout() {
    }

    /** The most dimensions a variable may have. */
    static final int MAX_RANK = 32;

    /**
     * The bytes {@code dims} elements of {@code itemSize} bytes take, or -1 if a dimension is
     * negative or the product overflows.
     */
    static long byteLength(long[] dims, int itemSize) {
        long length = itemSize;
        for (long dim : dims) {
            if (dim < 0) {
                return -1;
            }
            if (Math.multiplyHigh(length, dim) != 0 || length * dim < 0) {
                return -1;
            }
            length *= dim;
        }
        return length;
    }

    static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /** The log half size for a new shelf: about 1/64 of it, within [64 KiB, 4 MiB], a power of two. */
    static long initialLogHalf(long shelfBytes) {
        long target = Math.clamp(shelfBytes / 64, MIN_LOG_HALF, MAX_INITIAL_LOG_HALF);
        return Long.highestOneBit(target);
    }
}
