package io.jpmm;

/** A shelf that must exist (opened read-only, say) does not. */
public class NoSuchShelfException extends ShelfException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the shelf and directory. */
    public NoSuchShelfException(String message) {
        super(message);
    }
}
