package io.jpmm.internal.store;

import java.nio.file.Path;

/**
 * A failure of the store, with the reason the API turns into its own exception type. The store
 * never imports the API package, so it says <em>why</em> and lets the API say it in its terms.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an operation failed. */
    public enum Reason {
        /** The OS reported an error; the cause says which. */
        FAILED,
        /** The file holds bytes that the store did not write or that were damaged. */
        CORRUPTED,
        /** The file was written by a newer format version. */
        NEWER_FORMAT,
        /** There is no room for what was asked. */
        FULL,
        /** Someone else has the shelf open in a conflicting way. */
        LOCKED,
        /** The shelf takes no writes: opened read-only, or stopped after a failed flush. */
        READ_ONLY,
        /** No variable of that name. */
        NO_SUCH_VARIABLE,
        /** No shelf where one had to be. */
        NO_SUCH_SHELF
    }

    private final Reason reason;
    private final transient Path file;
    private final long offset;
    private final long neededBytes;
    private final long freeBytes;
    private final String variable;
    private final int version;

    private StoreException(Reason reason, String message, Throwable cause, Path file, long offset, long neededBytes,
                           long freeBytes, String variable, int version) {
        super(message, cause);
        this.reason = reason;
        this.file = file;
        this.offset = offset;
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
        this.variable = variable;
        this.version = version;
    }

    static StoreException failed(String message, Throwable cause) {
        return new StoreException(Reason.FAILED, message, cause, null, -1, 0, 0, null, 0);
    }

    /** {@code file} is damaged at {@code offset}; {@link #getMessage()} is just the problem. */
    static StoreException corrupted(Path file, long offset, String problem) {
        return new StoreException(Reason.CORRUPTED, problem, null, file, offset, 0, 0, null, 0);
    }

    static StoreException newerFormat(Path file, int version) {
        return new StoreException(Reason.NEWER_FORMAT, "format version " + version, null, file, -1, 0, 0, null, version);
    }

    static StoreException full(String message, long neededBytes, long freeBytes) {
        return new StoreException(Reason.FULL, message, null, null, -1, neededBytes, freeBytes, null, 0);
    }

    static StoreException locked(Path lockFile, String message) {
        return new StoreException(Reason.LOCKED, message, null, lockFile, -1, 0, 0, null, 0);
    }

    static StoreException readOnly(String message, Throwable cause) {
        return new StoreException(Reason.READ_ONLY, message, cause, null, -1, 0, 0, null, 0);
    }

    static StoreException noSuchVariable(String shelf, String variable) {
        return new StoreException(Reason.NO_SUCH_VARIABLE, shelf, null, null, -1, 0, 0, variable, 0);
    }

    static StoreException noSuchShelf(String message) {
        return new StoreException(Reason.NO_SUCH_SHELF, message, null, null, -1, 0, 0, null, 0);
    }

    public Reason reason() {
        return reason;
    }

    /** The damaged file, the lock file, or the file of a newer format. */
    public Path file() {
        return file;
    }

    /** Where the damage is, for {@link Reason#CORRUPTED}. */
    public long offset() {
        return offset;
    }

    public long neededBytes() {
        return neededBytes;
    }

    public long freeBytes() {
        return freeBytes;
    }

    /** The missing variable, for {@link Reason#NO_SUCH_VARIABLE} (the message is the shelf's name). */
    public String variable() {
        return variable;
    }

    /** The format version found, for {@link Reason#NEWER_FORMAT}. */
    public int version() {
        return version;
    }
}
