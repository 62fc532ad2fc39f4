package io.jpmm.internal.store;

import java.nio.file.Path;

/**
 * How to open a shelf.
 *
 * @param directory  where the shelf's files are
 * @param shelfName  the shelf's name, already checked to be safe as a file name
 * @param sizeBytes  the initial size of a newly created shelf
 * @param maxSizeBytes the largest the shelf's file may grow to; 0 for as large as its file system allows
 * @param forceNew   replace any existing shelf of that name with an empty one
 * @param readOnly   open an existing shelf without writing to it
 * @param dataChecksums record a CRC32C of each put's data, for {@code check} to verify
 */
public record StoreOptions(Path directory, String shelfName, long sizeBytes, long maxSizeBytes, boolean forceNew,
                           boolean readOnly, boolean dataChecksums) {

    /** The data file: variables, log and superblocks. */
    public Path dataFile() {
        return directory.resolve(shelfName + ".jpmm");
    }

    /** The file whose OS lock says who has the shelf open. */
    public Path lockFile() {
        return directory.resolve(shelfName + ".jpmm.lock");
    }

    /** Where a new shelf is built before it is renamed into place, so creation is all-or-nothing. */
    Path newDataFile() {
        return directory.resolve(shelfName + ".jpmm.new");
    }
}
