package io.jpmm.internal.medium;

import java.lang.foreign.MemorySegment;

/**
 * Gives back the pages of a large shelf mapping that a long pass (a sum, an in-place scale, an
 * export) has finished with, so that a pass over an array larger than memory keeps a resident set
 * of a few spans instead of the whole array.
 *
 * <p>For a shared file mapping, {@code madvise(MADV_DONTNEED)} only drops the process's page-table
 * entries: the data stays in the page cache (written pages stay dirty there, are written back as
 * usual, and a later persist still flushes them), and the next access faults it in again. For
 * anonymous memory it would lose the contents, so only shelf mappings are released: jpmm's own file
 * mappings, the only mapped segments an array can have. Without native access nothing is released.
 */
public final class Residency {
    /** Bytes passed over between releases, and a quarter of the mapping size worth releasing. */
    public static final long SPAN = 64L << 20;
    private static final long PAGE = 4096;

    private Residency() {
    }

    /** Whether passes over {@code memory} release what they finished with. */
    public static boolean releases(MemorySegment memory) {
        return memory.isMapped() && memory.byteSize() >= 4 * SPAN && NativeCalls.get().isPresent();
    }

    /**
     * Releases the whole pages of {@code [offset, offset + bytes)} of {@code memory}, if
     * {@link #releases} says so; anything else does nothing.
     */
    public static void release(MemorySegment memory, long offset, long bytes) {
        if (bytes < PAGE || !releases(memory)) {
            return;
        }
        long start = alignUp(memory.address() + offset) - memory.address();
        long end = ((memory.address() + offset + bytes) & -PAGE) - memory.address();
        if (start >= 0 && end <= memory.byteSize() && end > start) {
            NativeCalls.get().ifPresent(calls -> calls.dontNeed(memory.asSlice(start, end - start)));
        }
    }

    /**
     * For a pass from {@code start} that has now covered {@code passed} bytes (forwards), in steps that
     * land on every multiple of {@link #SPAN}: at each one, releases the span just passed.
     */
    public static void passed(MemorySegment memory, long start, long passed) {
        if (passed > 0 && passed % SPAN == 0) {
            release(memory, start + passed - SPAN, SPAN);
        }
    }

    private static long alignUp(long address) {
        return (address + PAGE - 1) & -PAGE;
    }
}
