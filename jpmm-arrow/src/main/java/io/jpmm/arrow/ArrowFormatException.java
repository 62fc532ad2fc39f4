package io.jpmm.arrow;

import java.io.IOException;

/** An Arrow file or stream that is malformed, or holds what jpmm does not store; it names the file and what is wrong. */
public final class ArrowFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArrowFormatException(String message) {
        super(message);
    }

    public ArrowFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
