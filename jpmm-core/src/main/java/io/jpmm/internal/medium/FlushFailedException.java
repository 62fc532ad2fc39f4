package io.jpmm.internal.medium;

import java.io.IOException;

/**
 * Making writes durable failed. Unlike a failure to read the data being written, this one means
 * the OS may have dropped dirty pages of the file: the caller must stop writing, not retry.
 */
public final class FlushFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public FlushFailedException(String message, IOException cause) {
        super(message, cause);
    }
}
