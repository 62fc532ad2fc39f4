package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Creates a shelf file, or opens one and recovers it: superblock, log replay, then the allocator
 * derived from what is committed. Recovery writes nothing unless a superblock must be repaired or a
 * writer upgrades an older format, so it is idempotent and read-only openers can do it too. An open
 * that fails leaves nothing behind: no half-built shelf file, no lock file it made.
 */
final class ShelfOpener {
    private ShelfOpener() {
    }

    static ShelfStore open(StoreOptions options, Medium medium) {
        try {
            if (!options.readOnly()) {
                createDirectories(options.directory(), medium);
            } else if (!Files.exists(options.dataFile())) {
                throw StoreException.noSuchShelf("no shelf '" + options.shelfName() + "' in " + options.directory()
                        + " (expected " + options.dataFile() + ")");
            }
            ShelfLock lock = ShelfLock.acquire(options.lockFile(), options.shelfName(), options.readOnly());
            Loaded loaded;
            try {
                if (!options.readOnly() && (options.forceNew() || !Files.exists(options.dataFile()))) {
                    create(options, medium);
                }
                loaded = load(options, medium, lock);
            } catch (IOException | RuntimeException failure) {
                try {
                    lock.abandon();
                } catch (IOException cleanup) {
                    failure.addSuppressed(cleanup);
                }
                throw failure;
            }
            return finishRecovery(loaded, options);
        } catch (IOException failure) {
            throw StoreException.failed("cannot open shelf '" + options.shelfName() + "' in " + options.directory()
                    + ": " + describe(failure), failure);
        }
    }

    /** A writer rolls back the unfinished transaction before anyone can change the shelf. */
    private static ShelfStore finishRecovery(Loaded loaded, StoreOptions options) {
        if (!options.readOnly() && !loaded.unfinished().isEmpty()) {
            try {
                loaded.store().rollBackUnfinished(loaded.unfinished());
            } catch (RuntimeException failure) {
                try {
                    loaded.store().close();
                } catch (RuntimeException closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
                throw failure;
            }
        }
        return loaded.store();
    }

    /** What went wrong with which file, in words: the OS's reason, not a Java class name. */
    static String describe(IOException failure) {
        if (failure instanceof java.nio.file.FileSystemException fileSystem) {
            String reason = fileSystem.getReason() != null ? fileSystem.getReason()
                    : failure instanceof NoSuchFileException ? "no such file or directory"
                    : failure instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : failure instanceof java.nio.file.FileAlreadyExistsException ? "it already exists"
                    : failure instanceof java.nio.file.NotDirectoryException ? "not a directory" : "failed";
            return fileSystem.getFile() + ": " + reason.toLowerCase(java.util.Locale.ROOT);
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    /**
     * Creates the missing directories of {@code directory}, owner-only, each made durable in its
     * parent: a directory entry that was never fsync'd can vanish in a power loss, taking the shelf
     * with it.
     */
    private static void createDirectories(Path directory, Medium medium) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path path = directory.toAbsolutePath(); path != null && !Files.isDirectory(path); path = path.getParent()) {
            missing.push(path);
        }
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        while (!missing.isEmpty()) {
            Path created = missing.pop();
            try {
                Files.createDirectory(created, ownerOnly);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                if (!Files.isDirectory(created)) {
                    throw raced;
                }
            }
            medium.syncDirectory(created.getParent());
        }
    }

    /** Builds the new shelf under a temporary name and renames it into place: all or nothing. */
    private static void create(StoreOptions options, Medium medium) throws IOException {
        long length = Layout.alignUp(Math.max(options.sizeBytes(), Layout.MIN_SHELF_BYTES), Layout.SLOT_SIZE);
        requireSpace(options, length);
        long half = Layout.initialLogHalf(length);
        Extent logPair = new Extent(Layout.DATA_START, 2 * half);
        Path building = options.newDataFile();
        medium.deleteIfExists(building);
        boolean renamed = false;
        try {
            try (MediumFile file = medium.create(building, length); Arena arena = Arena.ofConfined()) {
                long nonce = CommitLog.newNonce();
                var first = new Superblock(Layout.FORMAT_VERSION, RandomBits.nextUuid(), 1, length, logPair, 0, 1,
                        file.writeUnit(), nonce, file.writeUnit(), List.of(new Extent(Layout.DATA_START, length - Layout.DATA_START)));
                CommitLog.initialize(file, logPair, nonce);
                Superblocks.initialize(file, arena, first);
            }
            medium.rename(building, options.dataFile());
            renamed = true;
            medium.syncDirectory(options.directory());
        } finally {
            if (!renamed) {
                deleteQuietly(medium, building);
            }
        }
        Log.info(() -> "created shelf " + options.dataFile() + " (" + length + " bytes)");
    }

    /** Refuses a shelf its file system cannot hold, before a single block is allocated. */
    private static void requireSpace(StoreOptions options, long length) throws IOException {
        long usable = Files.getFileStore(options.directory()).getUsableSpace();
        if (length > usable) {
            throw StoreException.full("cannot create shelf '" + options.shelfName() + "' of " + length + " bytes in "
                    + options.directory() + ": its file system has " + usable + " bytes free (no space left on device)",
                    length, usable);
        }
    }

    private static void deleteQuietly(Medium medium, Path file) {
        try {
            medium.deleteIfExists(file);
        } catch (IOException ignored) {
            Log.warning(() -> "could not delete " + file + " after a failed creation: " + ignored.getMessage());
        }
    }

    /** A store, and the in-place writes of a transaction a crash left unfinished in it. */
    private record Loaded(ShelfStore store, List<LogRecord.TransactionUndo> unfinished) {
    }

    private static Loaded load(StoreOptions options, Medium medium, ShelfLock lock) throws IOException {
        MediumFile file = medium.open(options.dataFile(), options.readOnly());
        Arena metadataArena = Arena.ofShared();
        Snapshot snapshot = null;
        try {
            if (!options.readOnly()) {
                requireAllocated(file, options);
            }
            snapshot = Snapshot.read(file, Superblocks.map(file, metadataArena), options.readOnly() && lock.slot() != null);
            Superblocks superblocks = snapshot.superblocks();
            CommitLog log = snapshot.log();
            Catalog catalog = snapshot.catalog();
            List<LogRecord.TransactionUndo> unfinished = snapshot.replay().openUndo();
            var space = new ShelfSpace(snapshot.allocator(), file, superblocks, options.maxSizeBytes(),
                    options.shelfName(), lock.readers(), snapshot.deferred());
            if (!options.readOnly()) {
                space.reclaim();
            }
            boolean rolledForward = snapshot.replay().rolledForward();
            if (rolledForward) {
                Log.info(() -> file.path() + ": recovered a checkpoint whose superblock write was interrupted");
            }
            int openedVersion = superblocks.current().version();
            if (!options.readOnly() && openedVersion < Layout.FORMAT_VERSION) {
                log.upgrade(new LogRecord.Checkpoint(catalog.entries(), unfinished, space.deferred()), space);
            } else if (!options.readOnly() && (rolledForward || superblocks.spareDamaged())) {
                log.rewriteSuperblock();
                Log.info(() -> file.path() + ": rewrote the superblock to restore both slots");
            }
            if (lock.slot() != null) {
                lock.slot().publish(snapshot.sequence());
            }
            Log.info(() -> "opened shelf " + file.path() + ": " + catalog.size() + " variables, "
                    + file.mode().description() + ", format version " + superblocks.current().version());
            return new Loaded(new ShelfStore(options, medium, lock, file, metadataArena, snapshot, space, openedVersion),
                    unfinished);
        } catch (IOException | RuntimeException failure) {
            if (snapshot != null) {
                snapshot.log().close();
            }
            metadataArena.close();
            file.close();
            throw failure;
        }
    }

    /**
     * A writer needs every block of the file backed by disk space: a write through a mapping into a
     * hole of a sparse file (one copied with {@code cp --sparse=always}, or restored from a backup)
     * on a full file system is SIGBUS, not an error a program can handle.
     */
    private static void requireAllocated(MediumFile file, StoreOptions options) throws IOException {
        try {
            file.allocateHoles();
        } catch (IOException noSpace) {
            throw StoreException.full("shelf '" + options.shelfName() + "': " + file.path() + " is a sparse file"
                    + " (parts of it have no disk space yet) and its file system cannot provide the space: "
                    + noSpace.getMessage() + ". Free space on that file system, or copy the file without holes"
                    + " (cp --sparse=never), or open the shelf read-only", 0, 0);
        }
    }

}
