package io.jpmm.internal.medium;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

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
 *
 * <p>Faulting pages back in is not free: a second pass over a released 800 MB array takes about
 * twice as long as over one whose pages stayed mapped. So compute passes release only mappings
 * larger than a quarter of the machine's memory (the {@value #PASS_THRESHOLD_PROPERTY} system
 * property, in bytes, overrides that), which a program could not keep resident for long anyway.
 * Copies (import, export) release every mapping of at least four spans: what they pass over is
 * rarely touched again by the same process.
 */
public final class Residency {
    /** Bytes passed over between releases, and a quarter of the smallest mapping worth releasing. */
    public static final long SPAN = 64L << 20;
    /** The system property that sets, in bytes, the smallest mapping a compute pass releases. */
    public static final String PASS_THRESHOLD_PROPERTY = "jpmm.releasePassesAbove";
    private static final long PAGE = 4096;
    private static final long SMALLEST = 4 * SPAN;

    private Residency() {
    }

    /** Whether compute passes over {@code memory} release what they finished with. */
    public static boolean releases(MemorySegment memory) {
        // The cheap tests first: the threshold asks the machine's memory size on first use.
        return large(memory) && memory.byteSize() >= passThreshold();
    }

    /**
     * Releases the whole pages of {@code [offset, offset + bytes)} of {@code memory} that a compute
     * pass finished with, if {@link #releases} says so; anything else does nothing.
     */
    public static void release(MemorySegment memory, long offset, long bytes) {
        if (releases(memory)) {
            dontNeed(memory, offset, bytes);
        }
    }

    /**
     * For a compute pass from {@code start} that has now covered {@code passed} bytes (forwards), in
     * steps that land on every multiple of {@link #SPAN}: at each one, releases the span just passed.
     */
    public static void passed(MemorySegment memory, long start, long passed) {
        if (passed > 0 && passed % SPAN == 0) {
            release(memory, start + passed - SPAN, SPAN);
        }
    }

    /** Like {@link #passed}, for a copy into or out of {@code memory}, which releases every large mapping. */
    public static void copied(MemorySegment memory, long start, long copied) {
        if (copied > 0 && copied % SPAN == 0 && large(memory)) {
            dontNeed(memory, start + copied - SPAN, SPAN);
        }
    }

    /** A shelf mapping of at least four spans, in a JVM that may call madvise. */
    private static boolean large(MemorySegment memory) {
        return memory.isMapped() && memory.byteSize() >= SMALLEST && NativeCalls.get().isPresent();
    }

    private static void dontNeed(MemorySegment memory, long offset, long bytes) {
        if (bytes < PAGE) {
            return;
        }
        long start = alignUp(memory.address() + offset) - memory.address();
        long end = ((memory.address() + offset + bytes) & -PAGE) - memory.address();
        if (start >= 0 && end <= memory.byteSize() && end > start) {
            NativeCalls.get().ifPresent(calls -> calls.dontNeed(memory.asSlice(start, end - start)));
        }
    }

    private static long passThreshold() {
        Long configured = Long.getLong(PASS_THRESHOLD_PROPERTY);
        return configured != null ? configured : Memory.QUARTER;
    }

    private static long alignUp(long address) {
        return (address + PAGE - 1) & -PAGE;
    }

    /** A quarter of the memory this JVM may use (its container's limit, if any), asked once, when first needed. */
    private static final class Memory {
        static final long QUARTER = total() / 4;

        private static long total() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize();
            }
            return Long.MAX_VALUE;
        }
    }
}
