package io.jpmm.internal.compute;

import io.jpmm.DType;
import io.jpmm.internal.array.ArrayLayout;
import io.jpmm.internal.medium.AnonymousMemory;
import java.lang.foreign.MemorySegment;

/** An array as the kernels see it: its dtype, the memory it lives in, and where its elements lie. */
public record View(DType dtype, MemorySegment memory, ArrayLayout layout) {

    /** A new C-ordered array in DRAM, zero-filled. */
    public static View allocate(DType dtype, long[] shape) {
        long size = 1;
        for (long dim : shape) {
            size = Math.multiplyExact(size, dim);
        }
        return new View(dtype, dram(Math.multiplyExact(size, dtype.itemSize())),
                ArrayLayout.contiguous(io.jpmm.Shape.of(shape), dtype.itemSize()));
    }

    /** Arrays up to this many bytes are cut from a shared slab. */
    private static final long SMALL = 4096;
    private static final long SLAB = 1 << 20;
    private static final Object SLAB_LOCK = new Object();
    private static MemorySegment slab = MemorySegment.NULL;
    private static long slabUsed;

    /**
     * Zeroed native memory for a DRAM array, freed by the garbage collector. Always native, like a
     * shelf's mappings: a loop over memory segments that meets heap segments too runs many times
     * slower. Small arrays, such as the 0-d results of reductions, are cut from a shared slab: a
     * native allocation of their own would cost a cleaner registration each, which for thousands of
     * tiny results a second is the whole cost of the operation. A slab is freed once none of the
     * arrays cut from it is reachable. Large arrays come zeroed from the kernel where native access
     * allows it ({@link AnonymousMemory}), so that they are not written twice. All of it is counted
     * by {@link DramBudget}, which keeps dropped arrays from piling up.
     */
    public static MemorySegment dram(long bytes) {
        if (bytes > SMALL) {
            return DramBudget.charge(AnonymousMemory.allocate(bytes)
                    .orElseGet(() -> java.lang.foreign.Arena.ofAuto().allocate(bytes, 64)));
        }
        return small(bytes);
    }

    /**
     * Like {@link #dram}, for an array a program allocates and keeps rather than the result of an
     * operation: from a few MiB it comes from the kernel in huge pages ({@link AnonymousMemory#allocateLasting}).
     */
    public static MemorySegment lastingDram(long bytes) {
        if (bytes > SMALL) {
            return AnonymousMemory.allocateLasting(bytes).map(DramBudget::charge).orElseGet(() -> dram(bytes));
        }
        return small(bytes);
    }

    private static MemorySegment small(long bytes) {
        long size = Math.max(64, (bytes + 63) & -64);
        synchronized (SLAB_LOCK) {
            if (slabUsed + size > slab.byteSize()) {
                slab = DramBudget.charge(java.lang.foreign.Arena.ofAuto().allocate(SLAB, 64));
                slabUsed = 0;
            }
            MemorySegment piece = slab.asSlice(slabUsed, bytes);
            slabUsed += size;
            return piece;
        }
    }

    public long[] shape() {
        return layout.dims();
    }

    /** The same elements laid out as {@code layout}. */
    public View with(ArrayLayout newLayout) {
        return new View(dtype, memory, newLayout);
    }

    /** Whether writing {@code this} could change elements of {@code other} other than the ones it reads at the same index. */
    boolean overlapsDifferently(View other) {
        if (layout.equals(other.layout) && sameMemory(other) && dtype == other.dtype) {
            return false;
        }
        return overlaps(other);
    }

    private boolean overlaps(View other) {
        if (layout.size() == 0 || other.layout.size() == 0) {
            return false;
        }
        long[] mine = layout.byteSpan();
        long[] theirs = other.layout.byteSpan();
        if (memory.isNative() && other.memory.isNative()) {
            long start = memory.address() + mine[0];
            long end = memory.address() + mine[1];
            long otherStart = other.memory.address() + theirs[0];
            long otherEnd = other.memory.address() + theirs[1];
            return start < otherEnd && otherStart < end;
        }
        return sameMemory(other) && mine[0] < theirs[1] && theirs[0] < mine[1];
    }

    private boolean sameMemory(View other) {
        if (memory.isNative() != other.memory.isNative()) {
            return false;
        }
        return memory.isNative() ? memory.address() == other.memory.address()
                : memory.heapBase().orElse(null) == other.memory.heapBase().orElse(null)
                && memory.address() == other.memory.address();
    }
}
