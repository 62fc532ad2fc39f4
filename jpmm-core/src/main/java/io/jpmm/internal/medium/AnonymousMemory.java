package io.jpmm.internal.medium;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * Large DRAM arrays (32 MiB and more) straight from the kernel ({@code mmap} of anonymous memory, in transparent huge
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

    private AnonymousMemory() {
    }

    /** {@code bytes} of zeroed memory, freed by the garbage collector; empty if not available. */
    public static Optional<MemorySegment> allocate(long bytes) {
        if (bytes < SMALLEST) {
            return Optional.empty();
        }
        return NativeCalls.get().flatMap(calls -> calls.mapAnonymous(bytes));
    }
}
