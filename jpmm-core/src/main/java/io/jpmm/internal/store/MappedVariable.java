package io.jpmm.internal.store;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A committed variable mapped for direct use, shared by every reference handed out for it. When the
 * variable is replaced, erased or renamed, or the shelf closes, the mapping is invalidated and its
 * arena closed: any later access through a stale reference then fails with
 * {@link IllegalStateException} instead of reading space that may already belong to another
 * variable. An arena another thread is streaming through (channel I/O holds it) cannot close at
 * once; the store then keeps the mapping, and its space, until it can.
 */
public final class MappedVariable {
    private final CatalogEntry entry;
    private final Arena arena;
    private final MemorySegment segment;
    private volatile String invalidation;
    /** Native code reading or writing the memory outside Java's view of it: it must stay mapped. */
    private final AtomicInteger pins = new AtomicInteger();

    MappedVariable(CatalogEntry entry, Arena arena, MemorySegment segment) {
        this.entry = entry;
        this.arena = arena;
        this.segment = segment;
    }

    public CatalogEntry entry() {
        return entry;
    }

    /** The variable's bytes, valid until {@link #invalidation()} is non-null. */
    public MemorySegment segment() {
        return segment;
    }

    /** Why this mapping may no longer be used, or null while it is valid. */
    public String invalidation() {
        return invalidation;
    }

    /**
     * Keeps the mapping, and the space it covers, from being released until {@link #unpin()}, even
     * once the variable has changed: for native code that holds its address. False if the mapping
     * is already invalid.
     */
    public boolean pin() {
        pins.incrementAndGet();
        // Invalidation is published before the pin count is read (invalidate, then tryRelease): one
        // side always sees the other.
        if (invalidation != null || !arena.scope().isAlive()) {
            pins.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Ends a {@link #pin()}; the store releases the mapping at its next change, or when it closes. */
    public void unpin() {
        pins.decrementAndGet();
    }

    /** Marks the mapping invalid and tries to release it; false if a thread still holds it. */
    boolean invalidate(String reason) {
        invalidation = reason;
        return tryRelease();
    }

    /** Closes the arena unless a thread holds it for I/O or pinned it; true once it is closed. */
    boolean tryRelease() {
        if (pins.get() > 0) {
            return false;
        }
        try {
            arena.close();
            return true;
        } catch (IllegalStateException heldOrClosed) {
            return !arena.scope().isAlive();
        }
    }
}
