package io.jpmm.internal.store;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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

    /** Marks the mapping invalid and tries to release it; false if a thread still holds it. */
    boolean invalidate(String reason) {
        invalidation = reason;
        return tryRelease();
    }

    /** Closes the arena unless a thread holds it for I/O; true once it is closed. */
    boolean tryRelease() {
        try {
            arena.close();
            return true;
        } catch (IllegalStateException heldOrClosed) {
            return !arena.scope().isAlive();
        }
    }
}
