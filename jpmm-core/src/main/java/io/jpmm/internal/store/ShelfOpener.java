package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * Creates a shelf file, or opens one and recovers it: superblock, log replay, then the allocator
 * derived from what is committed. Recovery writes nothing unless a superblock must be repaired, so
 * it is idempotent and read-only openers can do it too.
 */
final class ShelfOpener {

    private ShelfOpener() {
    }

    static ShelfStore open(StoreOptions options, Medium medium) {
        try {
            if (!options.readOnly()) {
                createDirectory(options.directory());
            } else if (!Files.exists(options.dataFile())) {
                throw StoreException.noSuchShelf("no shelf '" + options.shelfName() + "' in " + options.directory()
                        + " (expected " + options.dataFile() + ")");
            }
            ShelfLock lock = ShelfLock.acquire(options.lockFile(), options.shelfName(), options.readOnly());
            try {
                if (!options.readOnly() && (options.forceNew() || !Files.exists(options.dataFile()))) {
                    create(options, medium);
                }
                return load(options, medium, lock);
            } catch (IOException | RuntimeException failure) {
                lock.close();
                throw failure;
            }
        } catch (IOException failure) {
            throw StoreException.failed("cannot open shelf '" + options.shelfName() + "' in " + options.directory()
                    + ": " + failure, failure);
        }
    }

    private static void createDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Builds the new shelf under a temporary name and renames it into place: all or nothing. */
    private static void create(StoreOptions options, Medium medium) throws IOException {
        long length = Layout.alignUp(Math.max(options.sizeBytes(), Layout.MIN_SHELF_BYTES), Layout.SLOT_SIZE);
        long half = Layout.initialLogHalf(length);
        Extent logPair = new Extent(Layout.DATA_START, 2 * half);
        medium.deleteIfExists(options.newDataFile());
        try (MediumFile file = medium.create(options.newDataFile(), length); Arena arena = Arena.ofConfined()) {
            var first = new Superblock(UUID.randomUUID(), 1, length, logPair, 0, 1, file.writeUnit(),
                    List.of(new Extent(Layout.DATA_START, length - Layout.DATA_START)));
            CommitLog.initialize(file, logPair);
            Superblocks.initialize(file, arena, first);
        }
        CrashPoint.reach(CrashPoint.SHELF_FILE_BUILT);
        medium.rename(options.newDataFile(), options.dataFile());
        CrashPoint.reach(CrashPoint.SHELF_FILE_RENAMED);
        medium.syncDirectory(options.directory());
        Log.info(() -> "created shelf " + options.dataFile() + " (" + length + " bytes)");
    }

    private static ShelfStore load(StoreOptions options, Medium medium, ShelfLock lock) throws IOException {
        CrashPoint.reach(CrashPoint.RECOVERY_STARTED);
        MediumFile file = medium.open(options.dataFile(), options.readOnly());
        Arena metadataArena = Arena.ofShared();
        CommitLog log = null;
        try {
            Superblocks superblocks = Superblocks.load(file, metadataArena);
            Superblock superblock = superblocks.current();
            if (file.length() < superblock.fileLength()) {
                throw StoreException.corrupted(file.path(), file.length(), "the file is " + file.length()
                        + " bytes but its superblock says " + superblock.fileLength() + ": it was truncated");
            }
            var opened = CommitLog.open(file, superblocks);
            log = opened.log();
            Catalog catalog = new Catalog();
            opened.replay().records().forEach(catalog::apply);
            Allocator allocator = deriveAllocator(file.path(), superblocks.current(), catalog, file.writeUnit());
            boolean rolledForward = opened.replay().rolledForward();
            if (rolledForward) {
                Log.info(() -> file.path() + ": recovered a checkpoint whose superblock write was interrupted");
            }
            if (!options.readOnly() && (rolledForward || superblocks.spareDamaged())) {
                CrashPoint.reach(CrashPoint.RECOVERY_REPAIRING);
                log.rewriteSuperblock();
                Log.info(() -> file.path() + ": rewrote the superblock to restore both slots");
            }
            Log.info(() -> "opened shelf " + file.path() + ": " + catalog.size() + " variables, "
                    + file.mode().description());
            return new ShelfStore(options, lock, file, metadataArena, superblocks, log, catalog, allocator);
        } catch (IOException | RuntimeException failure) {
            if (log != null) {
                log.close();
            }
            metadataArena.close();
            file.close();
            throw failure;
        }
    }

    /** Free space is whatever the regions hold beyond the log and the committed variables. */
    private static Allocator deriveAllocator(Path file, Superblock superblock, Catalog catalog, int writeUnit) {
        Allocator allocator = new Allocator(superblock.regions(), writeUnit);
        if (!allocator.reserve(superblock.logPair())) {
            throw StoreException.corrupted(file, superblock.logPair().offset(), "the commit log lies outside the regions");
        }
        for (CatalogEntry entry : catalog.entries()) {
            if (!allocator.reserve(entry.extent())) {
                throw StoreException.corrupted(file, entry.extent().offset(), "variable \"" + entry.name()
                        + "\" occupies " + entry.extent() + ", which overlaps the log or another variable,"
                        + " or lies outside the shelf's regions");
            }
        }
        return allocator;
    }
}
