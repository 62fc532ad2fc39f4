package io.jpmm;

import java.nio.file.Path;

/** The shelf file was written by a jpmm whose format this one does not know (newer, usually). */
public class UnsupportedFormatException extends ShelfException {
    private static final long serialVersionUID = 1L;

    /** An exception naming the file, its format version and the one supported. */
    public UnsupportedFormatException(Path file, int version, int supported) {
        super(file + " has shelf format version " + version + "; this jpmm reads version " + supported
                + " only. Open it with the jpmm that wrote it.");
    }
}
