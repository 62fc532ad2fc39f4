package io.jpmm.numpy;

/** A file is not a {@code .npy} file jpmm can read; the message says which file and why. */
public class NpyFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the file and what is wrong with it. */
    public NpyFormatException(String message) {
        super(message);
    }
}
