package io.jpmm.internal.medium;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Large DRAM arrays straight from the kernel ({@code mmap} of anonymous memory, in transparent huge
 * pages where the kernel grants them), when the application enabled native access. Its pages are
 * zero until first written and are zeroed by the kernel as they are touched, so an out-of-place
 * result is written once, where a JDK allocation first zero-fills all of it and is then written
 * again. Without native access callers fall back to the JDK's zeroed allocation.
 */
public final class AnonymousMemory {
    /**
     * Smaller arrays come from the C allocator, which reuses what the last result freed without a
     * page fault (glibc serves sizes up to 32 MiB from its heap once one was freed). Fresh 8 MiB
     * mappings per result ran an 8 MiB add at a tenth of that speed.
     */
    public static final long SMALLEST = 32L << 20;
    /**
     * Arrays a program allocates itself usually outlive many passes over them, so from 4 MiB (where
     * NumPy asks for huge pages too) they are mapped in huge pages: an in-place add of two 8 MiB
     * arrays in 4 KiB pages ran at two thirds of the speed it reaches over a shelf's huge-page
     * mappings, from TLB misses. Results of operations, often dropped at once, stay with the C
     * allocator below {@link #SMALLEST}: a fresh mapping per result costs page faults every time.
     */
    public static final long SMALLEST_LASTING = 4L << 20;

    private AnonymousMemory() {
    }

    /** {@code bytes} of zeroed memory for a result, freed by the garbage collector; empty if not available. */
    public static Optional<MemorySegment> allocate(long bytes) {
        return map(bytes, SMALLEST);
    }

    /** {@code bytes} of zeroed memory for an array a program keeps, freed by the garbage collector; empty if not available. */
    public static Optional<MemorySegment> allocateLasting(long bytes) {
        return map(bytes, SMALLEST_LASTING);
    }

    private static Optional<MemorySegment> map(long bytes, long smallest) {
        return bytes < smallest ? Optional.empty() : NativeCalls.get().flatMap(calls -> calls.mapAnonymous(bytes));
    }
}
