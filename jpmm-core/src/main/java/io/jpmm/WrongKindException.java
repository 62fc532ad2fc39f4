package io.jpmm;

/** A variable was read as a kind it is not, such as {@link Shelf#string} on an array. */
public class WrongKindException extends ShelfException {
    private static final long serialVersionUID = 1L;

    public WrongKindException(String message) {
        super(message);
    }
}
