package io.jpmm;

/**
 * The base of every exception jpmm throws about a shelf. Unchecked: most callers cannot recover, and
 * those that can catch the specific subclasses.
 */
public class ShelfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShelfException(String message) {
        super(message);
    }

    public ShelfException(String message, Throwable cause) {
        super(message, cause);
    }
}
