package io.jpmm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link Shelf#open} finds or creates a shelf. Immutable; each method returns a changed copy.
 *
 * {@snippet :
 * ShelfOptions options = ShelfOptions.at(Path.of("/mnt/pmem0")).sizeMb(1024).forceNew();
 * }
 */
public final class ShelfOptions {
    /** The size of a new shelf unless {@link #sizeMb} says otherwise. */
    public static final long DEFAULT_SIZE_BYTES = 64L << 20;

    private final Path directory;
    private final long sizeBytes;
    private final long maxSizeBytes;
    private final boolean forceNew;
    private final boolean readOnly;
    private final boolean dataChecksums;

    private ShelfOptions(Path directory, long sizeBytes, long maxSizeBytes, boolean forceNew, boolean readOnly,
                         boolean dataChecksums) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.sizeBytes = sizeBytes;
        this.maxSizeBytes = maxSizeBytes;
        this.forceNew = forceNew;
        this.readOnly = readOnly;
        this.dataChecksums = dataChecksums;
        if (forceNew && readOnly) {
            throw new IllegalArgumentException("a shelf cannot be both recreated (forceNew) and opened read-only");
        }
        if (maxSizeBytes > 0 && maxSizeBytes < sizeBytes) {
            throw new IllegalArgumentException("the maximum size (" + maxSizeBytes + " bytes) is below the initial size ("
                    + sizeBytes + " bytes)");
        }
    }

    /**
     * Options for the default directory: {@code JPMM_PATH} if set, else the {@code jpmm.path} system
     * property, else a writable DAX mount (persistent memory), else {@code ~/.local/share/jpmm}.
     */
    public static ShelfOptions defaults() {
        return at(defaultDirectory());
    }

    /** Options for shelves in {@code directory}, created if missing. */
    public static ShelfOptions at(Path directory) {
        return new ShelfOptions(directory, DEFAULT_SIZE_BYTES, 0, false, false, false);
    }

    /** The directory {@link #defaults()} uses on this machine right now. */
    public static Path defaultDirectory() {
        return DefaultDirectory.resolve();
    }

    /**
     * The initial size of the shelf if it has to be created, in MiB. A shelf grows when it needs
     * room, up to {@link #maxSizeMb} or as far as its file system allows.
     */
    public ShelfOptions sizeMb(long megabytes) {
        if (megabytes <= 0 || megabytes > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("shelf size must be a positive number of MiB, was " + megabytes);
        }
        return sizeBytes(megabytes << 20);
    }

    /** The initial size of the shelf if it has to be created, in bytes (rounded up to 4 KiB, at least 256 KiB). */
    public ShelfOptions sizeBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("shelf size must be positive, was " + bytes);
        }
        return new ShelfOptions(directory, bytes, maxSizeBytes, forceNew, readOnly, dataChecksums);
    }

    /**
     * The largest the shelf file may grow to, in MiB; a put that would need more throws
     * {@link ShelfFullException}. Without it, a shelf grows as far as its file system allows.
     */
    public ShelfOptions maxSizeMb(long megabytes) {
        if (megabytes <= 0 || megabytes > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("maximum shelf size must be a positive number of MiB, was " + megabytes);
        }
        return maxSizeBytes(megabytes << 20);
    }

    /** Like {@link #maxSizeMb}, in bytes. */
    public ShelfOptions maxSizeBytes(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maximum shelf size must be positive, was " + bytes);
        }
        return new ShelfOptions(directory, sizeBytes, bytes, forceNew, readOnly, dataChecksums);
    }

    /** Replace an existing shelf of the same name with an empty one (atomically). */
    public ShelfOptions forceNew() {
        return new ShelfOptions(directory, sizeBytes, maxSizeBytes, true, readOnly, dataChecksums);
    }

    /** Open an existing shelf without writing; other readers may have it open too. */
    public ShelfOptions readOnly() {
        return new ShelfOptions(directory, sizeBytes, maxSizeBytes, forceNew, true, dataChecksums);
    }

    /**
     * Record a CRC32C of each value's data when it is put, so {@link Shelf#check()} can detect
     * damage to it later. Costs a pass over the data per put. Taking a writable reference to an array
     * ({@link Shelf#array}) drops its checksum, since writes in place would invalidate it.
     */
    public ShelfOptions dataChecksums() {
        return new ShelfOptions(directory, sizeBytes, maxSizeBytes, forceNew, readOnly, true);
    }

    /** The directory the shelf is in. */
    public Path directory() {
        return directory;
    }

    /** The initial size of a shelf these options create. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The largest the shelf may grow to, or 0 for as large as its file system allows. */
    public long maxSizeBytes() {
        return maxSizeBytes;
    }

    /** Whether an existing shelf is replaced by an empty one. */
    public boolean isForceNew() {
        return forceNew;
    }

    /** Whether the shelf is opened read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Whether puts record data checksums. */
    public boolean hasDataChecksums() {
        return dataChecksums;
    }

    @Override
    public String toString() {
        return "ShelfOptions[" + directory + ", " + sizeBytes + " bytes" + (maxSizeBytes > 0 ? ", at most " + maxSizeBytes : "")
                + (forceNew ? ", forceNew" : "")
                + (readOnly ? ", readOnly" : "") + (dataChecksums ? ", dataChecksums" : "") + "]";
    }
}
