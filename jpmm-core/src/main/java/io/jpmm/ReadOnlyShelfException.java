package io.jpmm;

/**
 * A write was attempted on a shelf that cannot take it: opened read-only, or stopped after a failed
 * flush (once a flush fails the OS may have dropped the data, so jpmm refuses further writes until
 * the shelf is reopened and its last durable state recovered).
 */
public class ReadOnlyShelfException extends ShelfException {
    private static final long serialVersionUID = 1L;

    /** An exception saying which write was refused and why. */
    public ReadOnlyShelfException(String message) {
        super(message);
    }

    /** An exception saying which write was refused, caused by {@code cause}. */
    public ReadOnlyShelfException(String message, Throwable cause) {
        super(message, cause);
    }
}
