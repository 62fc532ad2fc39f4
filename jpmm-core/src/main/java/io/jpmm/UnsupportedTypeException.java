package io.jpmm;

/** A value of a Java type that shelves cannot hold was put; the message lists what they can hold. */
public class UnsupportedTypeException extends ShelfException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the variable, the Java type and what is supported. */
    public UnsupportedTypeException(String message) {
        super(message);
    }
}
