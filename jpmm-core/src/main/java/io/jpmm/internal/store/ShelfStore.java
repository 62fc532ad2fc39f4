package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import io.jpmm.internal.medium.SyncMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A shelf's storage engine: the catalog of committed variables, free space, the commit log and
 * the mappings handed out. Every change follows one protocol (docs/format.md, "Commit protocol"):
 * allocate an extent, write and persist the data, then persist one log frame, the commit point.
 * Space a change frees is reused only after that frame is durable. Thread-safe: metadata changes
 * take one lock; the data copy of a put runs outside it.
 */
public final class ShelfStore implements AutoCloseable {
    private final StoreOptions options;
    private final ShelfLock lock;
    private final MediumFile file;
    private final Arena metadataArena;
    private final Superblocks superblocks;
    private final CommitLog log;
    private final Catalog catalog;
    private final Allocator allocator;
    private final Map<String, MappedVariable> mapped = new HashMap<>();
    private final ReentrantLock mutex = new ReentrantLock();
    private boolean closed;
    private long pendingBytes;
    private volatile IOException flushFailure;

    ShelfStore(StoreOptions options, ShelfLock lock, MediumFile file, Arena metadataArena, Superblocks superblocks,
               CommitLog log, Catalog catalog, Allocator allocator) {
        this.options = options;
        this.lock = lock;
        this.file = file;
        this.metadataArena = metadataArena;
        this.superblocks = superblocks;
        this.log = log;
        this.catalog = catalog;
        this.allocator = allocator;
    }

    /** Creates or opens and recovers the shelf {@code options} describe. */
    public static ShelfStore open(StoreOptions options, Medium medium) {
        return ShelfOpener.open(options, medium);
    }

    public String name() {
        return options.shelfName();
    }

    public Path file() {
        return file.path();
    }

    public SyncMode mode() {
        return file.mode();
    }

    public boolean readOnly() {
        return options.readOnly();
    }

    /** The format version this store writes. */
    public static final int FORMAT_VERSION = Layout.FORMAT_VERSION;

    /** The format version of the open file. */
    public int formatVersion() {
        return Layout.FORMAT_VERSION;
    }

    /** The committed variables in name order. */
    public List<CatalogEntry> entries() {
        return locked(catalog::entries);
    }

    public Optional<CatalogEntry> find(String name) {
        return locked(() -> catalog.find(name));
    }

    public long capacityBytes() {
        return locked(allocator::capacity);
    }

    public long freeBytes() {
        return locked(allocator::freeBytes);
    }

    /**
     * Creates or replaces {@code name} atomically with bytes {@code writer} puts into the new extent.
     * A crash at any point leaves the old value or the new one; if {@code writer} throws, nothing changes.
     */
    public CatalogEntry put(String name, StoredKind kind, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer) {
        return write(name, kind, dtype, dims, writer, options.dataChecksums(), entry -> entry);
    }

    /** Creates or replaces {@code name} with a zero-filled array, mapped for use in place. */
    public MappedVariable create(String name, StoredDType dtype, long[] dims) {
        return fill(name, dtype, dims, target -> target.fill((byte) 0));
    }

    /**
     * Creates or replaces array {@code name} with bytes {@code writer} puts into the new extent,
     * committed only after it returns, and maps it for use in place. If {@code writer} throws,
     * nothing changes.
     */
    public MappedVariable fill(String name, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer) {
        return write(name, StoredKind.ARRAY, dtype, dims, writer, false, this::mapLocked);
    }

    /**
     * The shared mapping of {@code name}, created on first use. Writes through it would invalidate a
     * data checksum, so a writable shelf drops the checksum first (one small commit).
     */
    public MappedVariable map(String name) {
        return locked(() -> {
            CatalogEntry entry = requireEntry(name);
            if (entry.dataChecksum() != CatalogEntry.NO_CHECKSUM && !options.readOnly()) {
                requireNoFlushFailure("map \"" + name + "\"");
                entry = entry.withoutChecksum();
                commit(new LogRecord.Put(entry));
            }
            return mapLocked(entry);
        });
    }

    /** Re-reads the shelf's metadata and checks it; with {@code verifyData}, the data checksums too. */
    public CheckResult check(boolean verifyData) {
        return locked(() -> IntegrityCheck.run(file, superblocks, log, catalog, allocator, pendingBytes, verifyData));
    }

    /** Runs {@code reader} on the committed bytes of {@code name}, which no change can touch meanwhile. */
    public <T> T read(String name, BiFunction<CatalogEntry, MemorySegment, T> reader) {
        return locked(() -> {
            CatalogEntry entry = requireEntry(name);
            try (Arena arena = Arena.ofConfined()) {
                return reader.apply(entry, mapExtent(entry.extent(), arena));
            }
        });
    }

    /** Erases {@code name} atomically. */
    public void erase(String name) {
        lockedWrite("erase \"" + name + "\"", () -> {
            requireEntry(name);
            commit(new LogRecord.Erase(name));
            return null;
        });
    }

    /** Renames {@code from} to {@code to} atomically, replacing any variable called {@code to}. */
    public void rename(String from, String to) {
        lockedWrite("rename \"" + from + "\"", () -> {
            requireEntry(from);
            if (!from.equals(to)) {
                commit(new LogRecord.Rename(from, to));
            }
            return null;
        });
    }

    /** Makes in-place writes to {@code range}, a part of {@code variable}'s mapping, durable. */
    public void persist(MappedVariable variable, MemorySegment range) {
        if (options.readOnly()) {
            return;
        }
        requireNoFlushFailure("persist \"" + variable.entry().name() + "\"");
        try {
            file.persist(range);
        } catch (IOException failure) {
            throw poison(failure, "persist \"" + variable.entry().name() + "\"");
        }
    }

    /** Makes in-place writes to every mapped variable durable. */
    public void persistAll() {
        locked(() -> {
            for (MappedVariable variable : mapped.values()) {
                persist(variable, variable.segment());
            }
            return null;
        });
    }

    /** Persists in-place writes, then invalidates every mapping and releases the files. Idempotent. */
    @Override
    public void close() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!options.readOnly() && flushFailure == null) {
                    for (MappedVariable variable : mapped.values()) {
                        file.persist(variable.segment());
                    }
                }
            } finally {
                release();
            }
            Log.info(() -> "closed shelf " + file.path());
        } catch (IOException failure) {
            throw StoreException.failed("closing shelf '" + name() + "': flushing in-place writes to " + file.path()
                    + " failed; changes made in place since the last persist() may be lost", failure);
        } finally {
            mutex.unlock();
        }
    }

    private void release() throws IOException {
        mapped.values().forEach(variable -> variable.invalidate("shelf '" + name() + "' was closed"));
        mapped.clear();
        try (lock; file) {
            log.close();
            metadataArena.close();
        }
    }

    private <T> T write(String name, StoredKind kind, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer,
                        boolean checksum, Function<CatalogEntry, T> afterCommit) {
        long length = byteLength(name, dtype, dims);
        String operation = "put \"" + name + "\"";
        Extent extent = lockedWrite(operation, () -> {
            Extent allocated = allocate(name, length);
            pendingBytes += allocated.length();
            return allocated;
        });
        long dataChecksum = CatalogEntry.NO_CHECKSUM;
        boolean[] committed = {false};
        try {
            if (length > 0) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment target = mapExtent(extent, arena);
                    file.prefault(target);
                    writer.accept(target);
                    if (checksum) {
                        dataChecksum = Checksums.crc32c(target);
                    }
                    CrashPoint.reach(CrashPoint.DATA_WRITTEN);
                    requireNoFlushFailure(operation);
                    file.persist(target);
                    CrashPoint.reach(CrashPoint.DATA_PERSISTED);
                } catch (IOException failure) {
                    throw poison(failure, operation);
                }
            }
            var entry = new CatalogEntry(name, kind, dtype, dims, extent, checksum ? dataChecksum : CatalogEntry.NO_CHECKSUM);
            return lockedWrite(operation, () -> {
                commit(new LogRecord.Put(entry));
                pendingBytes -= extent.length();
                committed[0] = true;
                return afterCommit.apply(entry);
            });
        } finally {
            if (!committed[0]) {
                locked(() -> {
                    if (!closed) {
                        pendingBytes -= extent.length();
                        allocator.release(extent);
                    }
                    return null;
                });
            }
        }
    }

    private static long byteLength(String name, StoredDType dtype, long[] dims) {
        long length = Layout.byteLength(dims, dtype.itemSize());
        if (length < 0) {
            throw new IllegalArgumentException("variable \"" + name + "\": " + dtype + " "
                    + java.util.Arrays.toString(dims) + " is too large");
        }
        return length;
    }

    private Extent allocate(String name, long length) {
        return allocator.allocate(length).orElseThrow(() -> StoreException.full("cannot put \"" + name + "\" ("
                + length + " bytes) on shelf '" + name() + "': " + allocator.freeBytes() + " of "
                + allocator.capacity() + " bytes are free, the largest free piece is " + allocator.largestFree()
                + " bytes", length, allocator.freeBytes()));
    }

    /** Makes {@code record} durable, then applies it and frees what it displaced. Caller holds the lock. */
    private void commit(LogRecord record) {
        Optional<CatalogEntry> displaced = catalog.displacedBy(record);
        try {
            log.commit(record, () -> catalog.entriesAfter(record), allocator);
        } catch (IOException failure) {
            throw poison(failure, "commit of " + record);
        }
        catalog.apply(record);
        Log.debug(() -> file.path().getFileName() + ": committed " + record);
        if (record instanceof LogRecord.Rename(String from, String to)) {
            invalidateMapping(from, "variable \"" + from + "\" was renamed to \"" + to + "\"");
        }
        displaced.ifPresent(old -> {
            invalidateMapping(old.name(), record instanceof LogRecord.Erase
                    ? "variable \"" + old.name() + "\" was erased"
                    : "variable \"" + old.name() + "\" was replaced");
            boolean sameExtent = record instanceof LogRecord.Put(CatalogEntry entry) && entry.extent().equals(old.extent());
            if (!sameExtent) {
                allocator.release(old.extent());
            }
        });
    }

    private void invalidateMapping(String name, String reason) {
        MappedVariable variable = mapped.remove(name);
        if (variable != null) {
            variable.invalidate(reason);
        }
    }

    private MappedVariable mapLocked(CatalogEntry entry) {
        MappedVariable existing = mapped.get(entry.name());
        if (existing != null && existing.entry().equals(entry)) {
            return existing;
        }
        Arena arena = Arena.ofShared();
        try {
            var variable = new MappedVariable(entry, arena, mapExtent(entry.extent(), arena));
            mapped.put(entry.name(), variable);
            return variable;
        } catch (RuntimeException failure) {
            arena.close();
            throw failure;
        }
    }

    private MemorySegment mapExtent(Extent extent, Arena arena) {
        if (extent.length() == 0) {
            return arena.allocate(0);
        }
        try {
            return file.map(extent.offset(), extent.length(), arena);
        } catch (IOException failure) {
            throw StoreException.failed("cannot map " + extent.length() + " bytes at offset " + extent.offset() + " of "
                    + file.path() + " (the OS limits mappings per process to vm.max_map_count): " + failure, failure);
        }
    }

    private CatalogEntry requireEntry(String name) {
        return catalog.find(name).orElseThrow(() -> StoreException.noSuchVariable(name(), name));
    }

    private StoreException poison(IOException failure, String operation) {
        flushFailure = failure;
        Log.warning(() -> "shelf " + file.path() + " stops accepting writes: " + failure);
        return StoreException.failed(operation + " on shelf '" + name() + "' failed: " + failure.getMessage()
                + ". The shelf accepts no more writes; reopen it to recover its last durable state.", failure);
    }

    private void requireNoFlushFailure(String operation) {
        IOException failure = flushFailure;
        if (failure != null) {
            throw StoreException.readOnly("cannot " + operation + ": shelf '" + name() + "' stopped accepting"
                    + " writes after a failed flush (" + failure.getMessage() + "); reopen it", failure);
        }
    }

    private <T> T locked(Supplier<T> action) {
        mutex.lock();
        try {
            if (closed) {
                throw new IllegalStateException("shelf '" + name() + "' is closed");
            }
            return action.get();
        } finally {
            mutex.unlock();
        }
    }

    private <T> T lockedWrite(String operation, Supplier<T> action) {
        return locked(() -> {
            if (options.readOnly()) {
                throw StoreException.readOnly("cannot " + operation + ": shelf '" + name() + "' is open read-only", null);
            }
            requireNoFlushFailure(operation);
            return action.get();
        });
    }
}
