package io.jpmm;

/**
 * The base of every exception jpmm throws about a shelf. Unchecked: most callers cannot recover, and
 * those that can catch the specific subclasses.
 */
public class ShelfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message naming the shelf or variable concerned. */
    public ShelfException(String message) {
        super(message);
    }

    /** An exception with a message and its cause, such as the {@code IOException} from the OS. */
    public ShelfException(String message, Throwable cause) {
        super(message, cause);
    }
}
