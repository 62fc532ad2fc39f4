package io.jpmm.safetensors;

import java.io.IOException;

/** A file that is not a valid safetensors file, or holds what jpmm cannot store; the message says which and why. */
public final class SafetensorsFormatException extends IOException {
    SafetensorsFormatException(String message) {
        super(message);
    }
}
