package io.jpmm.zarr;

import java.io.IOException;

/** Zarr data that is malformed, or uses what jpmm does not read (a codec, a data type); it names the key and what is wrong. */
public final class ZarrFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ZarrFormatException(String message) {
        super(message);
    }

    public ZarrFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
