package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import io.jpmm.internal.medium.SyncMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A shelf's storage engine: the catalog of committed variables, free space, the commit log and
 * the mappings handed out. Every change follows one protocol (docs/format.md, "Commit protocol"):
 * allocate an extent, write and persist the data, then persist one log frame, the commit point.
 * Space a change frees is reused only after that frame is durable, and only once no thread holds a
 * mapping of it.
 *
 * <p>Thread-safe: metadata changes take one lock; the data copy of a put runs outside it, counted
 * as an operation in flight. {@link #close()} waits for operations in flight, and a change that
 * committed never reports failure afterwards.
 */
public final class ShelfStore implements AutoCloseable {
    /** The format version this store writes. */
    public static final int FORMAT_VERSION = Layout.FORMAT_VERSION;

    private final StoreOptions options;
    private final ShelfLock lock;
    private final MediumFile file;
    private final Arena metadataArena;
    private final Superblocks superblocks;
    private final CommitLog log;
    private final Catalog catalog;
    private final ShelfSpace space;
    private final int openedVersion;
    private final Map<String, MappedVariable> mapped = new HashMap<>();
    /** Mappings invalidated while a thread streamed through them, with the space each still holds. */
    private final List<Retired> retired = new ArrayList<>();
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition idle = mutex.newCondition();
    private final Map<Thread, Integer> busyThreads = new HashMap<>();
    private int operationsInFlight;
    private boolean closing;
    private boolean closed;
    private long pendingBytes;
    private volatile IOException flushFailure;

    private record Retired(MappedVariable variable, Extent space) {
    }

    ShelfStore(StoreOptions options, ShelfLock lock, MediumFile file, Arena metadataArena, Superblocks superblocks,
               CommitLog log, Catalog catalog, ShelfSpace space, int openedVersion) {
        this.options = options;
        this.lock = lock;
        this.file = file;
        this.metadataArena = metadataArena;
        this.superblocks = superblocks;
        this.log = log;
        this.catalog = catalog;
        this.space = space;
        this.openedVersion = openedVersion;
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

    /** The format version of the file: {@link #FORMAT_VERSION} once a writer has opened it. */
    public int formatVersion() {
        return superblocks.current().version();
    }

    /** The format version the file had when it was opened, before any upgrade. */
    public int openedFormatVersion() {
        return openedVersion;
    }

    /** The committed variables in name order. */
    public List<CatalogEntry> entries() {
        return locked(catalog::entries);
    }

    public Optional<CatalogEntry> find(String name) {
        return locked(() -> catalog.find(name));
    }

    public long capacityBytes() {
        return locked(space::capacity);
    }

    public long freeBytes() {
        return locked(space::freeBytes);
    }

    /**
     * Creates or replaces {@code name} atomically with bytes {@code writer} puts into the new extent.
     * A crash at any point leaves the old value or the new one; if {@code writer} throws, nothing changes.
     */
    public CatalogEntry put(String name, StoredKind kind, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer) {
        return write(name, kind, dtype, dims, writer, options.dataChecksums(), false, (entry, unmapped) -> entry);
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
        return write(name, StoredKind.ARRAY, dtype, dims, writer, false, true, (entry, variable) -> variable);
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
        return locked(() -> IntegrityCheck.run(file, superblocks, log, catalog, space.allocator(),
                pendingBytes + retiredBytes(), verifyData));
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

    /**
     * Renames {@code from} to {@code to} atomically, replacing any variable called {@code to}.
     * Writes in place to {@code from} are made durable first: references to it become invalid, so
     * no later {@link #persistAll} could reach them.
     */
    public void rename(String from, String to) {
        lockedWrite("rename \"" + from + "\"", () -> {
            requireEntry(from);
            if (!from.equals(to)) {
                MappedVariable variable = mapped.get(from);
                if (variable != null) {
                    persistMapping(variable, variable.segment());
                }
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
        operation(() -> {
            persistMapping(variable, range);
            return null;
        });
    }

    /** Makes in-place writes to every mapped variable durable. */
    public void persistAll() {
        locked(() -> {
            for (MappedVariable variable : mapped.values()) {
                persistMapping(variable, variable.segment());
            }
            return null;
        });
    }

    private void persistMapping(MappedVariable variable, MemorySegment range) {
        String operation = "persist \"" + variable.entry().name() + "\"";
        requireNoFlushFailure(operation);
        try {
            file.persist(range);
        } catch (IOException failure) {
            throw poison(failure, operation);
        }
    }

    /**
     * Waits for operations in flight, persists in-place writes, then invalidates every mapping and
     * releases the files. Idempotent. Everything is released even if a step fails; the first failure
     * is thrown afterwards.
     *
     * @throws IllegalStateException if called from inside one of this shelf's operations (a filler)
     */
    @Override
    public void close() {
        mutex.lock();
        try {
            if (closed) {
                return;
            }
            if (busyThreads.containsKey(Thread.currentThread())) {
                throw new IllegalStateException("shelf '" + name() + "' cannot be closed from inside one of its own"
                        + " operations (a put's filler); close it after the operation returns");
            }
            closing = true;
            while (operationsInFlight > 0) {
                idle.awaitUninterruptibly();
            }
            closed = true;
        } finally {
            mutex.unlock();
        }
        RuntimeException failure = null;
        if (!options.readOnly() && flushFailure == null) {
            for (MappedVariable variable : mapped.values()) {
                try {
                    file.persist(variable.segment());
                } catch (IOException | RuntimeException flushFailed) {
                    failure = failure != null ? failure : StoreException.failed("closing shelf '" + name()
                            + "': flushing in-place writes to " + file.path() + " failed; changes made in place"
                            + " since the last persist() may be lost", flushFailed);
                }
            }
        }
        mapped.values().forEach(variable -> retired.add(new Retired(variable, null)));
        mapped.clear();
        for (Retired mapping : retired) {
            mapping.variable().invalidate("shelf '" + name() + "' was closed");
            awaitRelease(mapping.variable());
        }
        retired.clear();
        failure = release(failure);
        Log.info(() -> "closed shelf " + file.path());
        if (failure != null) {
            throw failure;
        }
    }

    /** Waits for a thread streaming through a mapping to finish its current chunk. */
    private static void awaitRelease(MappedVariable variable) {
        for (int attempt = 0; !variable.tryRelease(); attempt++) {
            try {
                Thread.sleep(Math.min(attempt, 10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException release(RuntimeException failure) {
        List<AutoCloseable> resources = List.of(log, metadataArena::close, file, lock);
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception closeFailed) {
                if (failure == null) {
                    failure = StoreException.failed("closing shelf '" + name() + "' (" + file.path() + "): "
                            + closeFailed, closeFailed);
                }
            }
        }
        return failure;
    }

    /**
     * The protocol of every put: allocate, write and persist the data outside the lock, commit under
     * it. With {@code keepMapped} the data's mapping becomes the variable's mapping, made before the
     * commit so that nothing that can fail happens after it.
     */
    private <T> T write(String name, StoredKind kind, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer,
                        boolean checksum, boolean keepMapped, BiFunction<CatalogEntry, MappedVariable, T> result) {
        long length = byteLength(name, dtype, dims);
        String operation = "put \"" + name + "\"";
        return operation(() -> {
            Extent extent = lockedWrite(operation, () -> {
                reapRetired();
                Extent allocated = allocate(name, length);
                pendingBytes += space.footprint(allocated.length());
                return allocated;
            });
            Arena arena = keepMapped ? Arena.ofShared() : Arena.ofConfined();
            boolean[] committed = {false};
            try {
                MemorySegment target = mapExtent(extent, arena);
                long dataChecksum = writeData(target, writer, checksum, operation);
                var entry = new CatalogEntry(name, kind, dtype, dims, extent,
                        checksum ? dataChecksum : CatalogEntry.NO_CHECKSUM);
                MappedVariable variable = keepMapped ? new MappedVariable(entry, arena, target) : null;
                return lockedWrite(operation, () -> {
                    commit(new LogRecord.Put(entry));
                    committed[0] = true;
                    pendingBytes -= space.footprint(extent.length());
                    if (variable != null) {
                        mapped.put(name, variable);
                    }
                    return result.apply(entry, variable);
                });
            } finally {
                if (!committed[0] || !keepMapped) {
                    arena.close();
                }
                if (!committed[0]) {
                    locked(() -> {
                        pendingBytes -= space.footprint(extent.length());
                        space.release(extent);
                        return null;
                    });
                }
            }
        });
    }

    /** Copies the data into {@code target} and makes it durable; returns its checksum if asked. */
    private long writeData(MemorySegment target, Consumer<MemorySegment> writer, boolean checksum, String operation) {
        if (target.byteSize() == 0) {
            writer.accept(target);
            return 0;
        }
        try {
            file.prefault(target);
            writer.accept(target);
            long dataChecksum = checksum ? Checksums.crc32c(target) : 0;
            requireNoFlushFailure(operation);
            file.persist(target);
            return dataChecksum;
        } catch (IOException failure) {
            throw poison(failure, operation);
        }
    }

    private static long byteLength(String name, StoredDType dtype, long[] dims) {
        long length = Layout.byteLength(dims, dtype.itemSize());
        if (length < 0) {
            throw new IllegalArgumentException("variable \"" + name + "\": " + dtype + " " + Arrays.toString(dims)
                    + " is too large");
        }
        return length;
    }

    private Extent allocate(String name, long length) {
        try {
            return space.allocate("\"" + name + "\"", length);
        } catch (IOException failure) {
            throw StoreException.failed("cannot grow shelf '" + name() + "' for \"" + name + "\": " + failure.getMessage(),
                    failure);
        }
    }

    /**
     * Gives free space at the end of the shelf file back to the file system.
     *
     * @return the bytes given back
     */
    public long compact() {
        return lockedWrite("compact", () -> {
            reapRetired();
            try {
                return space.compact();
            } catch (IOException failure) {
                throw poison(failure, "compact");
            }
        });
    }

    /**
     * Makes {@code record} durable, then applies it and frees what it displaced. Caller holds the
     * lock. Nothing after the commit point throws: the change is committed once this returns or
     * fails with anything but the commit's own failure.
     */
    private void commit(LogRecord record) {
        Optional<CatalogEntry> displaced = catalog.displacedBy(record);
        try {
            log.commit(record, () -> catalog.entriesAfter(record), space);
        } catch (IOException failure) {
            throw poison(failure, "commit of " + record);
        }
        catalog.apply(record);
        Log.debug(() -> file.path().getFileName() + ": committed " + record);
        if (record instanceof LogRecord.Rename(String from, String to)) {
            retireMapping(from, "variable \"" + from + "\" was renamed to \"" + to + "\"", null);
        }
        displaced.ifPresent(old -> {
            boolean sameExtent = record instanceof LogRecord.Put(CatalogEntry entry) && entry.extent().equals(old.extent());
            String reason = record instanceof LogRecord.Erase
                    ? "variable \"" + old.name() + "\" was erased"
                    : "variable \"" + old.name() + "\" was replaced";
            if (!retireMapping(old.name(), reason, sameExtent ? null : old.extent()) && !sameExtent) {
                space.release(old.extent());
            }
        });
    }

    /**
     * Invalidates the mapping of {@code name}, if there is one. If a thread still streams through it,
     * the mapping and {@code space} (the extent it frees, or null) wait until it lets go.
     *
     * @return whether a mapping existed and took over {@code space}
     */
    private boolean retireMapping(String name, String reason, Extent space) {
        MappedVariable variable = mapped.remove(name);
        if (variable == null) {
            return false;
        }
        if (variable.invalidate(reason)) {
            if (space != null) {
                this.space.release(space);
            }
        } else {
            retired.add(new Retired(variable, space));
        }
        return true;
    }

    /** Frees the space of retired mappings whose last user has let go. */
    private void reapRetired() {
        retired.removeIf(mapping -> {
            if (!mapping.variable().tryRelease()) {
                return false;
            }
            if (mapping.space() != null) {
                space.release(mapping.space());
            }
            return true;
        });
    }

    private long retiredBytes() {
        return retired.stream().filter(mapping -> mapping.space() != null)
                .mapToLong(mapping -> space.footprint(mapping.space().length())).sum();
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
                    + file.path() + ": " + failure.getMessage(), failure);
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

    /** Runs {@code action}, which may run outside the lock, as an operation {@link #close} waits for. */
    private <T> T operation(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        mutex.lock();
        try {
            requireOpen();
            operationsInFlight++;
            busyThreads.merge(thread, 1, Integer::sum);
        } finally {
            mutex.unlock();
        }
        try {
            return action.get();
        } finally {
            mutex.lock();
            try {
                busyThreads.computeIfPresent(thread, (key, count) -> count == 1 ? null : count - 1);
                if (--operationsInFlight == 0 && closing) {
                    idle.signalAll();
                }
            } finally {
                mutex.unlock();
            }
        }
    }

    private <T> T locked(Supplier<T> action) {
        mutex.lock();
        try {
            requireOpen();
            return action.get();
        } finally {
            mutex.unlock();
        }
    }

    /** An operation in flight may finish while the shelf is closing; nothing new may start. */
    private void requireOpen() {
        boolean ownOperation = busyThreads.containsKey(Thread.currentThread());
        if (closed || (closing && !ownOperation)) {
            throw new IllegalStateException("shelf '" + name() + "' is closed");
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
