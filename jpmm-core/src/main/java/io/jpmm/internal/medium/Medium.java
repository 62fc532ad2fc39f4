package io.jpmm.internal.medium;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The only place that knows how bytes become durable: file creation, mapping, flushing and the
 * directory operations a crash-safe store needs. The store talks to files exclusively through this
 * seam, which is what lets tests swap in a medium that simulates power loss.
 */
public interface Medium {

    /** The medium for real files: {@code MAP_SYNC} on DAX file systems, {@code msync} elsewhere. */
    static Medium system() {
        return MappedFileMedium.INSTANCE;
    }

    /**
     * Creates a new file (which must not exist) of {@code length} bytes, owner-only, with every
     * block allocated so that writing through a mapping can never fail for lack of space. The file's
     * content is durable when this returns; its directory entry only after {@link #syncDirectory}.
     */
    MediumFile create(Path file, long length) throws IOException;

    /** Opens an existing file for mapping, read-write or read-only. */
    MediumFile open(Path file, boolean readOnly) throws IOException;

    /** Atomically renames {@code source} over {@code target}; durable after {@link #syncDirectory}. */
    void rename(Path source, Path target) throws IOException;

    /** Deletes the file if it exists; durable after {@link #syncDirectory}. */
    void deleteIfExists(Path file) throws IOException;

    /** Makes the directory's entries (created, renamed, deleted files) durable. */
    void syncDirectory(Path directory) throws IOException;
}
