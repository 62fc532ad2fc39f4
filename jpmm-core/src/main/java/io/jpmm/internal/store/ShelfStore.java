package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import io.jpmm.internal.medium.SyncMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A shelf's storage engine: the catalog of committed variables, free space, the commit log, the
 * mappings handed out and the open transaction. Every change follows one protocol (docs/format.md,
 * "Commit protocol"): allocate an extent, write and persist the data, then persist one log frame,
 * the commit point. Space a change frees is reused only after that frame is durable, and only once
 * no thread holds a mapping of it.
 *
 * <p>Thread-safe: metadata changes take one lock; the data copy of a put runs outside it, counted
 * as an operation in flight. {@link #close()} waits for operations in flight, and a change that
 * committed never reports failure afterwards. While a transaction is open, its owner's changes are
 * staged in it and other threads' changes wait until it ends.
 */
public final class ShelfStore implements AutoCloseable {
    /** The format version this store writes. */
    public static final int FORMAT_VERSION = Layout.FORMAT_VERSION;

    private static final int CHECK_ATTEMPTS = 5;

    private final StoreOptions options;
    private final Medium medium;
    private final ShelfLock lock;
    private final MediumFile file;
    private final Arena metadataArena;
    // A reader's snapshot: replaced by refresh(); a writer's never are.
    private Superblocks superblocks;
    private CommitLog log;
    private Catalog catalog;
    private ShelfSpace space;
    /** For a reader: the ranges an unfinished transaction of a dead writer may have half written. */
    private List<LogRecord.UndoRange> unfinishedRanges = List.of();
    private final int openedVersion;
    private final Mappings mappings = new Mappings();
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition idle = mutex.newCondition();
    private final Condition transactionEnded = mutex.newCondition();
    private final Map<Thread, Integer> busyThreads = new HashMap<>();
    private int operationsInFlight;
    private boolean closing;
    private boolean closed;
    private long pendingBytes;
    private Transaction transaction;
    private volatile IOException flushFailure;

    ShelfStore(StoreOptions options, Medium medium, ShelfLock lock, MediumFile file, Arena metadataArena,
               Snapshot snapshot, ShelfSpace space, int openedVersion) throws IOException {
        this.options = options;
        this.medium = medium;
        this.lock = lock;
        this.file = file;
        this.metadataArena = metadataArena;
        this.superblocks = snapshot.superblocks();
        this.log = snapshot.log();
        this.catalog = snapshot.catalog();
        this.space = space;
        this.openedVersion = openedVersion;
        if (options.readOnly()) {
            this.unfinishedRanges = unfinishedRanges(snapshot);
        }
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

    /** The variables in name order: for a transaction's owner, with its staged changes. */
    public List<CatalogEntry> entries() {
        return locked(() -> view().entries());
    }

    /** The names starting with {@code prefix}, in order: for a transaction's owner, with its staged changes. */
    public List<String> names(String prefix) {
        return locked(() -> view().names(prefix));
    }

    public Optional<CatalogEntry> find(String name) {
        return locked(() -> view(name));
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
        return put(name, kind, dtype, dims, writer, null);
    }

    /**
     * Like {@link #put(String, StoredKind, StoredDType, long[], Consumer)}, for a value whose stored
     * bytes already lie in one piece, {@code stored} (or null): those are written through the file
     * where the medium writes faster that way ({@link io.jpmm.internal.medium.MediumFile#write}).
     */
    public CatalogEntry put(String name, StoredKind kind, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer,
                            MemorySegment stored) {
        long length = byteLength(name, dtype, dims);
        if (CatalogEntry.keptInline(kind, length)) {
            // A small value lives in its commit frame: one flush, and no page of its own.
            byte[] bytes = new byte[(int) length];
            writer.accept(MemorySegment.ofArray(bytes));
            CatalogEntry entry = CatalogEntry.inline(name, kind, dtype, dims, bytes);
            return operation(() -> lockedWrite("put \"" + name + "\"", () -> {
                change(new LogRecord.Put(entry));
                return entry;
            }));
        }
        Data data = stored == null ? new Data.Fill(writer) : new Data.Copy(stored, writer);
        return write(name, kind, dtype, dims, data, options.dataChecksums(), false, (entry, unmapped) -> entry);
    }

    /**
     * Creates or replaces array {@code name} with exactly its length in bytes read from {@code source},
     * written into the shelf file without a mapping where the medium allows it (from a file, the
     * kernel copies file to file), committed only when complete and durable, and maps it.
     *
     * @param progress hears the bytes written so far, now and then
     */
    public MappedVariable fillFrom(String name, StoredDType dtype, long[] dims, ReadableByteChannel source,
                                   LongConsumer progress) {
        return write(name, StoredKind.ARRAY, dtype, dims, new Data.Stream(source, progress), false, true,
                (entry, variable) -> variable);
    }

    /** Where the bytes of a put come from. */
    private sealed interface Data {
        /** Written through the new extent's mapping by the caller. */
        record Fill(Consumer<MemorySegment> writer) implements Data {
        }

        /** Read from a channel straight into the file. */
        record Stream(ReadableByteChannel source, LongConsumer progress) implements Data {
        }

        /** Bytes already in one piece, written through the file where the medium allows, else like a {@link Fill}. */
        record Copy(MemorySegment bytes, Consumer<MemorySegment> writer) implements Data {
        }

        /**
         * Zeros, which the medium makes without writing them where it can (an unwritten extent),
         * else written through the mapping: a new array of 1 GiB costs a metadata change, not a
         * GiB written twice, once as zeros and once as the caller's data.
         */
        record Zeros() implements Data {
        }

        /** Whether the data is made durable by persisting the extent's mapping (not by the file's flush). */
        default boolean persistedThroughMapping() {
            return !(this instanceof Stream);
        }
    }

    /** Creates or replaces {@code name} with a zero-filled array, mapped for use in place. */
    public MappedVariable create(String name, StoredDType dtype, long[] dims) {
        return write(name, StoredKind.ARRAY, dtype, dims, new Data.Zeros(), false, true, (entry, variable) -> variable);
    }

    /**
     * Creates or replaces array {@code name} with bytes {@code writer} puts into the new extent,
     * committed only after it returns, and maps it for use in place. If {@code writer} throws,
     * nothing changes.
     */
    public MappedVariable fill(String name, StoredDType dtype, long[] dims, Consumer<MemorySegment> writer) {
        return write(name, StoredKind.ARRAY, dtype, dims, new Data.Fill(writer), false, true, (entry, variable) -> variable);
    }

    /**
     * Creates or replaces table {@code name} with the {@code length} bytes of its block, which
     * {@code writer} puts into the new extent; committed only after it returns, and mapped.
     */
    public MappedVariable fillTable(String name, long length, Consumer<MemorySegment> writer) {
        return write(name, StoredKind.TABLE, StoredDType.UINT8, new long[] {length}, new Data.Fill(writer), false, true,
                (entry, variable) -> variable);
    }

    /**
     * The shared mapping of {@code name}, created on first use. Writes through it would invalidate a
     * data checksum, so a writable shelf drops the checksum first (one small commit).
     */
    public MappedVariable map(String name) {
        return locked(() -> {
            CatalogEntry entry = requireFinished(requireEntry(name));
            Transaction own = ownTransaction();
            if (own != null && own.stagedMappings.containsKey(name)) {
                return own.stagedMappings.get(name);
            }
            if (entry.dataChecksum() != CatalogEntry.NO_CHECKSUM && !options.readOnly()) {
                requireWritable("map \"" + name + "\"");
                entry = entry.withoutChecksum();
                change(new LogRecord.Put(entry));
            }
            return mapLocked(entry);
        });
    }

    /** Re-reads the shelf's metadata and checks it; with {@code verifyData}, the data checksums too. */
    public CheckResult check(boolean verifyData) {
        return locked(() -> {
            if (!options.readOnly()) {
                return IntegrityCheck.run(file, superblocks, log, catalog, space.allocator(),
                        pendingBytes + mappings.retiredBytes(space) + space.deferredBytes(), verifyData);
            }
            // A reader checks the shelf as it is now, read again: a writer may have moved on since it opened,
            // and may commit while the check runs, so a problem counts only if it is there every time.
            for (int attempt = 1; ; attempt++) {
                Snapshot now = readSnapshot();
                try {
                    long held = now.deferred().stream().mapToLong(free -> now.allocator().footprint(free.extent().length())).sum();
                    var result = lock.slot() == null
                            ? IntegrityCheck.run(file, now.superblocks(), now.log(), now.catalog(), now.allocator(), held, verifyData)
                            : IntegrityCheck.runBesideWriter(file, now, held, verifyData);
                    if (result.problems().isEmpty() || lock.slot() == null || attempt >= CHECK_ATTEMPTS) {
                        return result;
                    }
                } finally {
                    now.log().close();
                }
            }
        });
    }

    /**
     * Moves a reader to the shelf as committed now: variables put, erased or renamed since it opened
     * (or last refreshed) appear as they are now, and references to variables that changed become
     * invalid; references to the others stay valid. A writer always sees the latest state, so for
     * a writer this does nothing.
     */
    public void refresh() {
        if (!options.readOnly()) {
            return;
        }
        locked(() -> {
            Snapshot next = readSnapshot();
            // The old snapshot stays published until nothing maps what only it could see.
            mappings.retireChanged(next.catalog()::find, "variable changed on the shelf; this reader refreshed");
            CommitLog old = log;
            superblocks = next.superblocks();
            log = next.log();
            catalog = next.catalog();
            space = new ShelfSpace(next.allocator(), file, next.superblocks(), 0, name(), null, next.deferred());
            try {
                unfinishedRanges = unfinishedRanges(next);
            } catch (IOException failure) {
                throw StoreException.failed("refreshing shelf '" + name() + "': " + failure.getMessage(), failure);
            }
            if (lock.slot() != null) {
                lock.slot().publish(next.sequence());
            }
            old.close();
            return null;
        });
    }

    private Snapshot readSnapshot() {
        try {
            return Snapshot.read(file, superblocks.slots(), lock.slot() != null);
        } catch (IOException failure) {
            throw StoreException.failed("reading shelf '" + name() + "': " + failure.getMessage(), failure);
        }
    }

    /**
     * The ranges a transaction left unfinished, if its writer is gone: nobody rolls them back until
     * the next writer opens the shelf. While the writer lives, its in-place writes are visible as they
     * happen, tracked or not, as with any shared memory.
     */
    private List<LogRecord.UndoRange> unfinishedRanges(Snapshot snapshot) throws IOException {
        if (snapshot.replay().openUndo().isEmpty() || lock.writerAlive()) {
            return List.of();
        }
        return snapshot.replay().openUndo().stream().flatMap(undo -> undo.ranges().stream()).toList();
    }

    /** Refuses a reader the bytes of a variable a dead writer's unfinished transaction may have half written. */
    private CatalogEntry requireFinished(CatalogEntry entry) {
        for (LogRecord.UndoRange range : unfinishedRanges) {
            if (range.target() < entry.extent().end() && entry.extent().offset() < range.target() + range.length()) {
                throw StoreException.failed("variable \"" + entry.name() + "\" of shelf '" + name() + "' may be half"
                        + " written: a transaction that wrote it in place was cut short when its writer stopped, and"
                        + " no writer has rolled it back yet. Open the shelf for writing once (jpmm check does not;"
                        + " jpmm compact does) to roll it back, then read it", null);
            }
        }
        return entry;
    }

    /** Runs {@code reader} on the bytes of {@code name}, which no change can touch meanwhile. */
    public <T> T read(String name, BiFunction<CatalogEntry, MemorySegment, T> reader) {
        return locked(() -> {
            CatalogEntry entry = requireFinished(requireEntry(name));
            if (entry.isInline()) {
                return reader.apply(entry, MemorySegment.ofArray(entry.inline()).asReadOnly());
            }
            try (Arena arena = Arena.ofConfined()) {
                return reader.apply(entry, mapExtent(entry.extent(), arena));
            }
        });
    }

    /**
     * Writes a consistent copy of the shelf, as this store sees it, to the new shelf file
     * {@code target}. A reader's copy is its snapshot, and the writer goes on meanwhile; a
     * writer's copy holds its other threads' changes back until it is done. In-place writes made
     * during the copy may be in it or not, as for any reader.
     *
     * @return the bytes of variable data copied
     */
    public long backup(Path target, boolean replace) {
        return locked(() -> ShelfBackup.write(view().entries(), (entry, copy) -> {
            requireFinished(entry);
            if (entry.isInline()) {
                copy.accept(MemorySegment.ofArray(entry.inline()));
                return;
            }
            try (Arena arena = Arena.ofConfined()) {
                copy.accept(mapExtent(entry.extent(), arena));
            }
        }, target, replace, options.dataChecksums(), medium));
    }

    /** Erases {@code name} atomically (or stages the erase in the caller's transaction). */
    public void erase(String name) {
        lockedWrite("erase \"" + name + "\"", () -> {
            requireEntry(name);
            change(new LogRecord.Erase(name));
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
                MappedVariable variable = mappings.get(from);
                if (variable != null) {
                    persistMapping(variable, variable.segment());
                }
                change(new LogRecord.Rename(from, to));
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

    /**
     * Copies {@code range}, part of {@code variable}'s mapping, into {@code target} from the file
     * without touching the mapping, where the medium allows it (see {@code MediumFile.copyTo}).
     *
     * @return false where it does not; nothing was written then
     */
    public boolean copyTo(MappedVariable variable, MemorySegment range, java.nio.channels.WritableByteChannel target)
            throws IOException {
        long start = range.address() - variable.segment().address();
        if (start < 0 || start > variable.segment().byteSize() - range.byteSize()) {
            throw new IllegalArgumentException("the range is not part of variable \"" + variable.entry().name() + "\"");
        }
        long offset = variable.entry().extent().offset() + start;
        IOException[] failure = {null};
        boolean copied = operation(() -> {
            try {
                return file.copyTo(offset, range.byteSize(), target);
            } catch (IOException io) {
                failure[0] = io;
                return true;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return copied;
    }

    /** Makes in-place writes to every mapped variable durable. */
    public void persistAll() {
        locked(() -> {
            for (MappedVariable variable : mappings.all()) {
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
     * Gives free space at the end of the shelf file back to the file system.
     *
     * @return the bytes given back
     */
    public long compact() {
        return lockedWrite("compact", () -> {
            mappings.reap();
            try {
                return space.compact();
            } catch (IOException failure) {
                throw poison(failure, "compact");
            }
        });
    }

    // ----- transactions -----

    /**
     * Begins a transaction owned by the calling thread, or joins the one it has open (nested
     * transactions flatten). Waits while another thread's transaction is open.
     */
    public Transaction begin() {
        return lockedWrite("begin a transaction", () -> {
            if (transaction != null) {
                transaction.depth++;
                return transaction;
            }
            transaction = new Transaction(Thread.currentThread(), catalog);
            return transaction;
        });
    }

    /**
     * Saves bytes {@code [offset, offset + length)} of {@code variable} in undo copies, durably,
     * before the transaction's owner writes them in place: a rollback or a crash puts them back.
     * Copies the range up front (a write hook does not exist in Java); ranges of arrays the
     * transaction itself made need no copy.
     */
    public void track(Transaction tx, MappedVariable variable, long offset, long length) {
        String operation = "track \"" + variable.entry().name() + "\"";
        locked(() -> {
            requireOwner(tx);
            requireWritable(operation);
            if (variable.invalidation() != null) {
                throw new IllegalStateException("array \"" + variable.entry().name() + "\" can no longer be used: "
                        + variable.invalidation());
            }
            Extent extent = variable.entry().extent();
            if (length == 0 || tx.isStaged(extent)) {
                return null;
            }
            Extent target = new Extent(extent.offset() + offset, length);
            Extent copies = allocate("the undo copy of \"" + variable.entry().name() + "\"", length);
            pendingBytes += space.footprint(copies.length());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment copy = mapExtent(copies, arena);
                copy.copyFrom(mapExtent(target, arena));
                file.persist(copy);
            } catch (IOException | RuntimeException failure) {
                pendingBytes -= space.footprint(copies.length());
                space.release(copies);
                throw failure instanceof IOException io ? poison(io, operation) : (RuntimeException) failure;
            }
            var undo = new LogRecord.TransactionUndo(copies, List.of(new LogRecord.UndoRange(target.offset(), length,
                    copies.offset())));
            try {
                commitDurably(undo);
            } catch (RuntimeException failure) {
                pendingBytes -= space.footprint(copies.length());
                space.release(copies);
                throw failure;
            }
            tx.undo.add(undo);
            return null;
        });
    }

    /**
     * Commits the transaction: in-place writes to its tracked ranges are made durable, then all its
     * staged changes in one frame, the commit point. For a nested transaction, nothing yet.
     *
     * @throws StoreException if a nested transaction was closed without commit: all was rolled back
     */
    public void commit(Transaction tx) {
        locked(() -> {
            requireOwner(tx);
            if (tx.depth > 1) {
                tx.depth--;
                return null;
            }
            if (tx.rollbackOnly) {
                rollbackLocked(tx);
                throw StoreException.failed("the transaction on shelf '" + name() + "' was rolled back: a transaction"
                        + " nested in it was closed without commit", null);
            }
            requireNoFlushFailure("commit");
            for (LogRecord.TransactionUndo undo : tx.undo) {
                for (LogRecord.UndoRange range : undo.ranges()) {
                    persistExtent(new Extent(range.target(), range.length()), "commit");
                }
            }
            if (!tx.staged.isEmpty() || !tx.undo.isEmpty()) {
                var commit = new LogRecord.TransactionCommit(tx.staged);
                List<CatalogEntry> displaced = catalog.displacedBy(commit);
                commitDurably(commit);
                pendingBytes -= tx.stagedExtents.stream().mapToLong(extent -> space.footprint(extent.length())).sum();
                for (LogRecord change : tx.staged) {
                    retireAfterCommit(change);
                }
                freeDisplaced(displaced, tx.staged);
                adoptStagedMappings(tx);
                releaseUndoCopies(tx.undo);
            }
            end(tx);
            return null;
        });
    }

    /** Rolls the transaction back (for a nested one, marks the whole transaction to roll back). */
    public void rollback(Transaction tx) {
        locked(() -> {
            requireOwner(tx);
            if (tx.depth > 1) {
                tx.depth--;
                tx.rollbackOnly = true;
                return null;
            }
            rollbackLocked(tx);
            return null;
        });
    }

    /** The transaction the calling thread has open, if any. */
    public Optional<Transaction> currentTransaction() {
        return locked(() -> Optional.ofNullable(ownTransaction()));
    }

    private void rollbackLocked(Transaction tx) {
        try {
            if (!tx.undo.isEmpty()) {
                requireNoFlushFailure("roll back");
                undoInPlaceWrites(tx.undo);
                releaseUndoCopies(tx.undo);
            }
        } finally {
            for (Extent staged : tx.stagedExtents) {
                pendingBytes -= space.footprint(staged.length());
            }
            for (var mapping : tx.stagedMappings.entrySet()) {
                mappings.retire(mapping.getValue(), "the transaction that made \"" + mapping.getKey()
                        + "\" was rolled back", null, space::release);
            }
            tx.stagedExtents.forEach(space::release);
            end(tx);
        }
    }

    /**
     * Puts the old bytes of every range in {@code undo} back, newest first, durably, then commits
     * the rollback: until that frame is durable, a crash leaves the undo records to be applied
     * again, which is harmless because the copies have not changed.
     */
    private void undoInPlaceWrites(List<LogRecord.TransactionUndo> undo) {
        try (Arena arena = Arena.ofConfined()) {
            for (LogRecord.TransactionUndo record : undo.reversed()) {
                for (LogRecord.UndoRange range : record.ranges().reversed()) {
                    MemorySegment target = mapExtent(new Extent(range.target(), range.length()), arena);
                    target.copyFrom(mapExtent(new Extent(range.copy(), range.length()), arena));
                    file.persist(target);
                }
            }
        } catch (IOException failure) {
            throw poison(failure, "roll back");
        }
        commitDurably(new LogRecord.TransactionRollback());
    }

    private void releaseUndoCopies(List<LogRecord.TransactionUndo> undo) {
        for (LogRecord.TransactionUndo record : undo) {
            pendingBytes -= space.footprint(record.copies().length());
            space.release(record.copies());
        }
    }

    /**
     * Rolls back the transaction a crashed writer left open, before this writer changes anything:
     * its copies were reserved when the allocator was derived, so they are intact.
     */
    void rollBackUnfinished(List<LogRecord.TransactionUndo> undo) {
        locked(() -> {
            pendingBytes += undo.stream().mapToLong(record -> space.footprint(record.copies().length())).sum();
            undoInPlaceWrites(undo);
            releaseUndoCopies(undo);
            Log.info(() -> "shelf " + file.path() + ": rolled back the in-place writes of a transaction that a crash"
                    + " left open (" + undo.size() + " tracked ranges)");
            return null;
        });
    }

    private void adoptStagedMappings(Transaction tx) {
        for (var mapping : tx.stagedMappings.entrySet()) {
            MappedVariable variable = mapping.getValue();
            if (catalog.find(mapping.getKey()).map(entry -> entry.equals(variable.entry())).orElse(false)) {
                mappings.put(mapping.getKey(), variable);
            } else {
                mappings.retire(variable, "variable \"" + mapping.getKey() + "\" was changed again in its transaction",
                        null, space::release);
            }
        }
    }

    private void end(Transaction tx) {
        transaction = null;
        transactionEnded.signalAll();
    }

    private Transaction ownTransaction() {
        return transaction != null && transaction.ownedByCurrentThread() ? transaction : null;
    }

    private void requireOwner(Transaction tx) {
        if (tx != transaction) {
            throw new IllegalStateException("this transaction of shelf '" + name() + "' has ended");
        }
        if (!tx.ownedByCurrentThread()) {
            throw new IllegalStateException("a transaction of shelf '" + name() + "' belongs to the thread that began it ("
                    + tx.owner.getName() + "), not to " + Thread.currentThread().getName());
        }
    }

    // ----- closing -----

    /**
     * Waits for operations in flight, rolls back a transaction still open, persists in-place
     * writes, then invalidates every mapping and releases the files. Idempotent. Everything is
     * released even if a step fails; the first failure is thrown afterwards.
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
            transactionEnded.signalAll();
            while (operationsInFlight > 0) {
                idle.awaitUninterruptibly();
            }
            closed = true;
        } finally {
            mutex.unlock();
        }
        RuntimeException failure = null;
        if (!options.readOnly() && flushFailure == null) {
            for (MappedVariable variable : mappings.all()) {
                try {
                    file.persist(variable.segment());
                } catch (IOException | RuntimeException flushFailed) {
                    failure = failure != null ? failure : StoreException.failed("closing shelf '" + name()
                            + "': flushing in-place writes to " + file.path() + " failed; changes made in place"
                            + " since the last persist() may be lost", flushFailed);
                }
            }
        }
        mappings.closeAll("shelf '" + name() + "' was closed");
        if (transaction != null) {
            failure = rollbackOnClose(failure);
        }
        failure = release(failure);
        Log.info(() -> "closed shelf " + file.path());
        if (failure != null) {
            throw failure;
        }
    }

    /** Rolls back the transaction left open at close: the owner's mappings are closed by now. */
    private RuntimeException rollbackOnClose(RuntimeException failure) {
        Transaction tx = transaction;
        try {
            if (!tx.undo.isEmpty() && flushFailure == null) {
                undoInPlaceWrites(tx.undo);
            }
            Log.info(() -> "shelf " + file.path() + ": rolled back the transaction left open at close");
        } catch (RuntimeException rollbackFailed) {
            return failure != null ? failure : rollbackFailed;
        } finally {
            tx.stagedMappings.values().forEach(variable -> variable.invalidate("shelf '" + name() + "' was closed"));
            transaction = null;
        }
        return failure;
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

    // ----- the put protocol -----

    /**
     * The protocol of every put: allocate, write and persist the data outside the lock, commit under
     * it (or stage it in the caller's transaction). With {@code keepMapped} the data's mapping
     * becomes the variable's mapping, made before the commit so that nothing that can fail happens
     * after it.
     */
    private <T> T write(String name, StoredKind kind, StoredDType dtype, long[] dims, Data data,
                        boolean checksum, boolean keepMapped, BiFunction<CatalogEntry, MappedVariable, T> result) {
        long length = byteLength(name, dtype, dims);
        String operation = "put \"" + name + "\"";
        return operation(() -> {
            Extent extent = lockedWrite(operation, () -> {
                mappings.reap();
                Extent allocated = allocate("\"" + name + "\"", length);
                pendingBytes += space.footprint(allocated.length());
                return allocated;
            });
            Arena arena = keepMapped ? Arena.ofShared() : Arena.ofConfined();
            boolean[] taken = {false};
            try {
                MemorySegment target = mapExtent(extent, arena);
                long dataChecksum = writeData(extent, target, data, checksum, operation);
                var entry = new CatalogEntry(name, kind, dtype, dims, extent,
                        checksum ? dataChecksum : CatalogEntry.NO_CHECKSUM);
                MappedVariable variable = keepMapped ? new MappedVariable(entry, arena, target) : null;
                return lockedWrite(operation, () -> {
                    Transaction own = ownTransaction();
                    change(new LogRecord.Put(entry));
                    taken[0] = true;
                    if (own != null) {
                        own.stagedExtents.add(extent);
                        if (variable != null) {
                            MappedVariable replaced = own.stagedMappings.put(name, variable);
                            if (replaced != null) {
                                replaced.invalidate("variable \"" + name + "\" was replaced");
                            }
                        }
                    } else {
                        pendingBytes -= space.footprint(extent.length());
                        if (variable != null) {
                            mappings.put(name, variable);
                        }
                    }
                    return result.apply(entry, variable);
                });
            } finally {
                if (!taken[0] || !keepMapped) {
                    arena.close();
                }
                if (!taken[0]) {
                    locked(() -> {
                        pendingBytes -= space.footprint(extent.length());
                        space.release(extent);
                        return null;
                    });
                }
            }
        });
    }

    /** Writes the data into {@code extent} (mapped as {@code target}) and makes it durable; returns its checksum if asked. */
    private long writeData(Extent extent, MemorySegment target, Data data, boolean checksum, String operation) {
        if (target.byteSize() == 0) {
            if (data instanceof Data.Fill(Consumer<MemorySegment> writer)) {
                writer.accept(target);
            }
            return 0;
        }
        try {
            boolean alreadyDurable = false; // zeros the medium made and flushed itself
            switch (data) {
                case Data.Fill(Consumer<MemorySegment> writer) -> {
                    file.prefault(target);
                    writer.accept(target);
                }
                case Data.Zeros() -> {
                    requireNoFlushFailure(operation);
                    alreadyDurable = file.zero(extent.offset(), extent.length());
                    if (!alreadyDurable) {
                        file.prefault(target);
                        target.fill((byte) 0);
                    }
                }
                case Data.Stream(ReadableByteChannel source, LongConsumer progress) -> {
                    requireNoFlushFailure(operation);
                    file.writeFrom(source, extent.offset(), extent.length(), progress);
                }
                case Data.Copy(MemorySegment bytes, Consumer<MemorySegment> writer) -> {
                    // New space holds no live data, so nothing reads it before the commit.
                    if (!file.write(bytes, extent.offset())) {
                        file.prefault(target);
                        writer.accept(target);
                    }
                }
            }
            long dataChecksum = checksum ? Checksums.crc32c(target) : 0;
            requireNoFlushFailure(operation);
            if (data.persistedThroughMapping() && !alreadyDurable) {
                persist(target, operation);
            }
            return dataChecksum;
        } catch (io.jpmm.internal.medium.FlushFailedException failure) {
            throw poison(failure, operation);
        } catch (IOException failure) {
            // Reading the source or writing new space failed (or the source ended early, or an
            // interrupt stopped a transfer). No flush failed and nothing is committed: the space is
            // given back, and the shelf stays as it was.
            throw new UncheckedIOException(failure);
        }
    }

    /** A failed flush may have lost written pages that a later flush would wrongly report durable. */
    private void persist(MemorySegment target, String operation) {
        try {
            file.persist(target);
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

    private Extent allocate(String what, long length) {
        try {
            return space.allocate(what, length);
        } catch (IOException failure) {
            throw StoreException.failed("cannot grow shelf '" + name() + "' for " + what + ": " + failure.getMessage(),
                    failure);
        }
    }

    // ----- committing -----

    /** Commits {@code change}, or stages it in the transaction the calling thread has open. Caller holds the lock. */
    private void change(LogRecord change) {
        Transaction own = ownTransaction();
        if (own != null) {
            own.stage(change);
            return;
        }
        List<CatalogEntry> displaced = catalog.displacedBy(change);
        commitDurably(change);
        retireAfterCommit(change);
        freeDisplaced(displaced, List.of(change));
        // A commit that allocates nothing (a small value) still lets go of space readers released,
        // and of mappings that streams or pins let go of since.
        mappings.reap();
        space.reclaim();
    }

    /**
     * Makes {@code record} durable and applies it to the catalog. Caller holds the lock. Nothing
     * after the commit point throws: the change is committed once this returns.
     */
    private void commitDurably(LogRecord record) {
        try {
            log.commit(record, () -> checkpointAfter(record), space);
        } catch (IOException failure) {
            throw poison(failure, "commit of " + record);
        }
        catalog.apply(record);
        Log.debug(() -> file.path().getFileName() + ": committed " + record);
    }

    /** The whole state once {@code record} is applied, for a checkpoint that absorbs it. */
    private LogRecord.Checkpoint checkpointAfter(LogRecord record) {
        List<LogRecord.TransactionUndo> openUndo = new ArrayList<>(transaction != null ? transaction.undo : List.of());
        switch (record) {
            case LogRecord.TransactionUndo undo -> openUndo.add(undo);
            case LogRecord.TransactionCommit commit -> openUndo.clear();
            case LogRecord.TransactionRollback rollback -> openUndo.clear();
            default -> {
            }
        }
        // What this record displaces is freed with the checkpoint's sequence number, so the checkpoint holds it back too.
        long sequence = log.lastSequence() + 1;
        List<LogRecord.DeferredFree> deferred = new ArrayList<>(space.deferred());
        for (CatalogEntry displaced : catalog.displacedBy(record)) {
            if (displaced.extent().length() > 0) {
                deferred.add(new LogRecord.DeferredFree(sequence, displaced.extent()));
            }
        }
        return new LogRecord.Checkpoint(catalog.entriesAfter(record), openUndo, deferred);
    }

    /** Invalidates the mapping a committed rename took away. */
    private void retireAfterCommit(LogRecord change) {
        if (change instanceof LogRecord.Rename(String from, String to)) {
            mappings.retire(from, "variable \"" + from + "\" was renamed to \"" + to + "\"", null, space::release);
        }
    }

    /**
     * Frees the extents committed {@code changes} displaced, once no mapping of them is in use and
     * no reader's snapshot is older than their commit.
     */
    private void freeDisplaced(List<CatalogEntry> displaced, List<LogRecord> changes) {
        long sequence = log.lastSequence();
        Consumer<Extent> free = extent -> this.space.releaseAfter(extent, sequence);
        // A displaced extent can still be committed only under a name these changes left (a rename, or
        // a put of the same extent): look at those, not at the whole catalog, which may be millions.
        Set<Extent> kept = new HashSet<>();
        Set<String> erasedNames = new HashSet<>();
        for (LogRecord change : changes) {
            String left = switch (change) {
                case LogRecord.Put(CatalogEntry entry) -> entry.name();
                case LogRecord.Rename(String from, String to) -> to;
                case LogRecord.Erase(String name) -> {
                    erasedNames.add(name);
                    yield null;
                }
                default -> null;
            };
            if (left != null) {
                catalog.find(left).filter(entry -> entry.extent().length() > 0).ifPresent(entry -> kept.add(entry.extent()));
            }
        }
        for (CatalogEntry old : displaced) {
            boolean stillCommitted = kept.contains(old.extent());
            boolean erased = erasedNames.contains(old.name());
            String reason = erased ? "variable \"" + old.name() + "\" was erased" : "variable \"" + old.name() + "\" was replaced";
            Extent space = stillCommitted ? null : old.extent();
            if (!mappings.retire(old.name(), reason, space, free) && space != null) {
                free.accept(space);
            }
        }
    }

    private void persistExtent(Extent extent, String operation) {
        try (Arena arena = Arena.ofConfined()) {
            file.persist(mapExtent(extent, arena));
        } catch (IOException failure) {
            throw poison(failure, operation);
        }
    }

    // ----- mappings -----

    private MappedVariable mapLocked(CatalogEntry entry) {
        MappedVariable existing = mappings.get(entry.name());
        if (existing != null && existing.entry().equals(entry)) {
            return existing;
        }
        Arena arena = Arena.ofShared();
        try {
            var variable = new MappedVariable(entry, arena, mapExtent(entry.extent(), arena));
            Transaction own = ownTransaction();
            if (catalog.find(entry.name()).map(entry::equals).orElse(false)) {
                mappings.put(entry.name(), variable);
            } else if (own != null) {
                // Staged by this thread's transaction: its commit adopts the mapping, its rollback retires it.
                own.stagedMappings.put(entry.name(), variable);
            } else {
                throw new IllegalStateException("mapping \"" + entry.name() + "\", which is neither committed nor staged");
            }
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
            throw StoreException.failed(failure.getMessage(), failure);
        }
    }

    /** The catalog the calling thread sees: with its transaction's staged changes, if it has one open. */
    private Catalog view() {
        Transaction own = ownTransaction();
        if (own == null) {
            return catalog;
        }
        Catalog staged = catalog.copy();
        own.staged.forEach(staged::apply);
        return staged;
    }

    private Optional<CatalogEntry> view(String name) {
        Transaction own = ownTransaction();
        return own != null ? own.find(name) : catalog.find(name);
    }

    private CatalogEntry requireEntry(String name) {
        return view(name).orElseThrow(() -> StoreException.noSuchVariable(name(), name));
    }

    // ----- failures and locking -----

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

    private void requireWritable(String operation) {
        if (options.readOnly()) {
            throw StoreException.readOnly("cannot " + operation + ": shelf '" + name() + "' is open read-only", null);
        }
        requireNoFlushFailure(operation);
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

    /**
     * Runs a change under the lock, once no other thread's transaction is open: changes from other
     * threads wait for it to commit or roll back.
     */
    private <T> T lockedWrite(String operation, Supplier<T> action) {
        return locked(() -> {
            requireWritable(operation);
            while (transaction != null && !transaction.ownedByCurrentThread()) {
                transactionEnded.awaitUninterruptibly();
                if (closing) {
                    throw new IllegalStateException("shelf '" + name() + "' is closed");
                }
            }
            return action.get();
        });
    }
}
