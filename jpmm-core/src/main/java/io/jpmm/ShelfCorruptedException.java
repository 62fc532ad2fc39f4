package io.jpmm;

import java.nio.file.Path;

/**
 * A shelf file holds bytes jpmm did not write or that were damaged after they were committed: a
 * failed checksum, a truncated file, overlapping variables. jpmm refuses to guess; the message
 * names the file, the byte offset and what was expected there.
 */
public class ShelfCorruptedException extends ShelfException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long offset;

    /** An exception naming the file, the offset and what is wrong there. */
    public ShelfCorruptedException(Path file, long offset, String problem) {
        super(file + " is damaged at byte offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** Where in the file the damage was found. */
    public long offset() {
        return offset;
    }
}
