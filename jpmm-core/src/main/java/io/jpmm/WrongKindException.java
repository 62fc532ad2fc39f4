package io.jpmm;

/** A variable was read as a kind it is not, such as {@link Shelf#string} on an array. */
public class WrongKindException extends ShelfException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the variable, its kind and the kind asked for. */
    public WrongKindException(String message) {
        super(message);
    }
}
