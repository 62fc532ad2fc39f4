package io.jpmm;

import java.nio.file.Path;

/**
 * The shelf is open elsewhere in a way that excludes this open: one writer at a time, and readers
 * only while no writer has it.
 */
public class ShelfLockedException extends ShelfException {
    private static final long serialVersionUID = 1L;
    private final transient Path lockFile;

    /** An exception naming the lock file and who holds it. */
    public ShelfLockedException(Path lockFile, String message) {
        super(message);
        this.lockFile = lockFile;
    }

    /** The lock file whose lock is held. */
    public Path lockFile() {
        return lockFile;
    }
}
