package io.jpmm;

/** A variable did not fit. Nothing was changed; the shelf stays usable. */
public class ShelfFullException extends ShelfException {
    private static final long serialVersionUID = 1L;
    private final long neededBytes;
    private final long freeBytes;

    /** An exception saying what did not fit, with the bytes needed and free. */
    public ShelfFullException(String message, long neededBytes, long freeBytes) {
        super(message);
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    /** Bytes the operation needed. */
    public long neededBytes() {
        return neededBytes;
    }

    /** Bytes free on the shelf when it failed (possibly in pieces too small to use). */
    public long freeBytes() {
        return freeBytes;
    }
}
