package io.jpmm;

import io.jpmm.internal.array.ElementCodec;

import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.table.TableBlock;
import io.jpmm.internal.store.CheckResult;
import io.jpmm.internal.store.CatalogEntry;
import io.jpmm.internal.store.StoredDType;
import io.jpmm.internal.store.StoredKind;
import io.jpmm.internal.store.ShelfStore;
import io.jpmm.internal.store.StoreOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A named collection of variables on persistent memory or in a file: n-dimensional arrays,
 * scalars, strings and byte blobs that outlive the JVM. Reopening a shelf maps its variables back
 * with no loading and no deserialisation; how long that takes depends on the number of variables,
 * never on their size.
 *
 * {@snippet :
 * try (Shelf shelf = Shelf.open("myShelf", ShelfOptions.at(Path.of("/mnt/pmem0")).sizeMb(1024))) {
 *     NdArray x = shelf.ndarray("x", DType.INT64, 1000, 1000);   // created in place, zero-filled
 *     x.set(9L, 1, 1);                                           // written in place
 *     shelf.put("y", NdArray.of(new double[][] {{1, 2}, {3, 4}})); // copied in, atomically
 *     shelf.put("epoch", -3L);
 *     System.out.println(shelf.array("y"));                     // shelved([[1., 2.], [3., 4.]])
 * }
 * }
 *
 * <p>Every {@link #put}, {@link #ndarray}, {@link #erase} and {@link #rename} is atomic and durable
 * when it returns: after a crash or power loss the variable has its old value or its new one, never
 * a mix. Writes in place through an {@link NdArray} are not atomic; they are durable after
 * {@link NdArray#persist()}, {@link #persist()} or {@link #close()}.
 *
 * <p>Several changes, and in-place writes, become atomic together in a {@link ShelfTransaction}
 * ({@link #begin()}).
 *
 * <p>A shelf has one writer at a time, across processes, and any number of readers
 * ({@link ShelfOptions#readOnly()}) beside it, as in LMDB. A reader sees the shelf as committed
 * when it opened, or when it last called {@link #refresh()}: which variables exist, their shapes,
 * and the data of every put, which the writer never overwrites while a reader can see it (a put
 * copies into fresh space, and space is reused only once no live reader can see it). Writes in
 * place, inside a transaction or not, are visible to readers as they happen, as with any shared
 * memory. A {@code Shelf} may be used from several threads.
 */
public final class Shelf implements AutoCloseable {
    /** The version of the shelf file format this jpmm writes (docs/format.md); older versions are read and upgraded. */
    public static final int FORMAT_VERSION = ShelfStore.FORMAT_VERSION;

    private final ShelfStore store;

    private Shelf(ShelfStore store) {
        this.store = store;
    }

    /** Opens shelf {@code name} in the {@linkplain ShelfOptions#defaults() default directory}, creating it if needed. */
    public static Shelf open(String name) {
        return open(name, ShelfOptions.defaults());
    }

    /**
     * Opens shelf {@code name}, creating it if needed (or always, with {@link ShelfOptions#forceNew()}),
     * and recovers it after a crash: a put that was interrupted disappears.
     *
     * @throws IllegalArgumentException   if the name is not a valid shelf name
     * @throws ShelfLockedException       if this is a writer and another writer has it, here or in
     *                                    another process
     * @throws ShelfCorruptedException    if the file is damaged
     * @throws NoSuchShelfException       if a read-only open finds no shelf
     * @throws UnsupportedFormatException if a newer jpmm wrote it
     */
    public static Shelf open(String name, ShelfOptions options) {
        return open(name, options, Medium.system());
    }

    /** Opens a shelf on another medium: the seam tests use to simulate power loss and I/O errors. */
    static Shelf open(String name, ShelfOptions options, Medium medium) {
        Names.checkShelfName(name);
        var storeOptions = new StoreOptions(options.directory(), name, options.sizeBytes(), options.maxSizeBytes(),
                options.isForceNew(), options.isReadOnly(), options.hasDataChecksums());
        return new Shelf(StoreCalls.call(() -> ShelfStore.open(storeOptions, medium)));
    }

    /**
     * Checks that {@code name} is a valid variable name: 1 to 255 bytes of UTF-8 without control
     * characters. Names are any such text and never become paths.
     *
     * @return {@code name}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static String checkVariableName(String name) {
        return Names.checkVariableName(name);
    }

    /** The shelf's name. */
    public String name() {
        return store.name();
    }

    /** Where its bytes are and how they become durable. */
    public MediumInfo medium() {
        return new MediumInfo(store.file(), fileSystemType(store.file()), PersistMode.valueOf(store.mode().name()));
    }

    /** Whether the shelf was opened read-only. */
    public boolean isReadOnly() {
        return store.readOnly();
    }

    /** The version of the shelf file's format (docs/format.md): {@link #FORMAT_VERSION} unless opened read-only. */
    public int formatVersion() {
        return store.formatVersion();
    }

    /**
     * Creates (or replaces) array {@code name} from data {@code filler} writes into its new space, and
     * commits it only after the filler returns: after a crash, or if the filler throws, the shelf
     * holds the old variable (or none), never a partly written one. The space is not zero-filled
     * first. This is how importers stream data onto a shelf (lmdbjava's {@code Dbi.reserve}).
     *
     * {@snippet :
     * try (var in = FileChannel.open(Path.of("matrix.bin"))) {
     *     NdArray m = shelf.put("m", DType.FLOAT64, Shape.of(1000, 1000), target -> target.readFrom(in));
     * }
     * }
     *
     * <p>The array handed to the filler is valid only until the filler returns, and only on the
     * calling thread. The returned array is the committed variable, for use in place.
     *
     * @param <E> what the filler may throw; it is rethrown as is
     * @throws ShelfFullException if it does not fit; nothing changes
     * @throws E                  what the filler threw; nothing changes
     */
    public <E extends Exception> NdArray put(String name, DType dtype, Shape shape, ArrayFiller<E> filler) throws E {
        Names.checkVariableName(name);
        try {
            return NdArray.shelved(store, StoreCalls.call(() -> store.fill(name, StoredTypes.stored(dtype), shape.toArray(),
                    target -> FillerFailure.fill(() -> filler.fill(NdArray.over(dtype, shape, target))))));
        } catch (FillerFailure failure) {
            throw failure.<E>original();
        }
    }

    /**
     * Creates (or replaces) array {@code name} from exactly its size in bytes read from
     * {@code source}: little-endian elements in C order, as a {@code .npy} file's data or a raw dump
     * holds them. The bytes go into the shelf file without a mapping in between where the medium
     * allows it (from a {@link java.nio.channels.FileChannel}, the kernel copies file to file, the way
     * {@code cp} does), and are written back as the copy goes, so a source larger than RAM passes
     * through with little memory. Committed only when complete and durable: if the source fails or
     * ends early, or the process dies, the shelf keeps the old variable (or none).
     *
     * @param progress hears the bytes written so far, now and then
     * @throws IOException        if reading {@code source} fails, or it ends early ({@link java.io.EOFException})
     * @throws ShelfFullException if the array does not fit
     */
    public NdArray put(String name, DType dtype, Shape shape, java.nio.channels.ReadableByteChannel source,
                       java.util.function.LongConsumer progress) throws IOException {
        Names.checkVariableName(name);
        try {
            return NdArray.shelved(store, StoreCalls.call(() -> store.fillFrom(name, StoredTypes.stored(dtype),
                    shape.toArray(), source, progress)));
        } catch (java.io.UncheckedIOException failure) {
            throw failure.getCause();
        }
    }

    /**
     * Creates (or replaces) table {@code name}: allocates every buffer {@code spec} asks for, lets
     * {@code filler} write them in place (see {@link TableBuffers} for the layouts), then checks the
     * offsets, counts the nulls and commits the table in one step. After a crash, or if the filler
     * throws or leaves offsets that do not fit, the shelf holds the old variable (or none), never a
     * partly written table.
     *
     * @throws IllegalArgumentException if a variable column's offsets do not run from 0 up to its value bytes
     * @throws ShelfFullException       if the table does not fit; nothing changes
     * @throws E                        what the filler threw; nothing changes
     */
    public <E extends Exception> Table putTable(String name, TableSpec spec, TableFiller<E> filler) throws E {
        Names.checkVariableName(name);
        TableBlock plan = TableBlock.plan(spec);
        try {
            return Table.shelved(store, StoreCalls.call(() -> store.fillTable(name, plan.byteSize(), block -> {
                FillerFailure.fill(() -> filler.fill(new TableBuffers(plan, block)));
                plan.finish(block);
            })));
        } catch (FillerFailure failure) {
            throw failure.<E>original();
        }
    }

    /** A reference to table {@code name}, its columns read in place. */
    public Table table(String name) {
        requireKind(entry(name), VariableKind.TABLE);
        return Table.shelved(store, StoreCalls.call(() -> store.map(name)));
    }

    /**
     * Creates (or replaces) array {@code name} on the shelf, zero-filled, and returns it for use in
     * place. Atomic like {@link #put}. On ext4 with native access the zeros are not written: the
     * space becomes unwritten extents, which read as zeros, so a new array of any size takes about
     * a millisecond; its pages are allocated as they are first written. Elsewhere the zeros are
     * written and flushed.
     *
     * @throws ShelfFullException if it does not fit; nothing changes
     */
    public NdArray ndarray(String name, DType dtype, long... shape) {
        Names.checkVariableName(name);
        Shape checked = Shape.of(shape);
        return NdArray.shelved(store, StoreCalls.call(() -> store.create(name, StoredTypes.stored(dtype), checked.toArray())));
    }

    /**
     * Copies {@code value} onto the shelf as variable {@code name}, replacing any variable of that
     * name, atomically: an {@link NdArray} (from DRAM or any shelf), a 1-D or rectangular 2-D Java
     * primitive array, a {@code String} (stored as UTF-8), a {@code byte[]} or {@code ByteBuffer}
     * (stored as bytes; wrap a {@code byte[]} with {@link NdArray#copyOf} to store an int8 array
     * instead), or a boxed {@code Boolean}, {@code Byte}, {@code Short}, {@code Character},
     * {@code Integer}, {@code Long}, {@code Float} or {@code Double} (stored as a scalar).
     *
     * @throws UnsupportedTypeException for any other value; nothing changes
     * @throws ShelfFullException       if it does not fit; nothing changes
     * @throws IllegalArgumentException if the name is invalid or a 2-D array is ragged
     */
    public void put(String name, Object value) {
        Names.checkVariableName(name);
        ShelfValue shelfValue = ShelfValue.of(name(), name, value);
        StoreCalls.run(() -> store.put(name, StoredTypes.stored(shelfValue.kind()), StoredTypes.stored(shelfValue.dtype()),
                shelfValue.shape().toArray(), shelfValue.writer(), shelfValue.bytes()));
    }

    /**
     * The variable as Java sees it: an {@link NdArray} reference for arrays, a {@code String}, a
     * {@code byte[]} copy for bytes, the boxed type a scalar was put as.
     */
    public Object get(String name) {
        CatalogEntry entry = entry(name);
        return switch (entry.kind()) {
            case ARRAY -> array(name);
            case TABLE -> table(name);
            case STRING -> string(name);
            case BYTES -> bytes(name);
            case SCALAR -> read(name, (found, bytes) -> ShelfValue.scalarValue(StoredTypes.dtype(found.dtype()), bytes));
        };
    }

    /** A reference to array {@code name}, read and written in place. */
    public NdArray array(String name) {
        requireKind(entry(name), VariableKind.ARRAY);
        return NdArray.shelved(store, StoreCalls.call(() -> store.map(name)));
    }

    /** The string {@code name}. */
    public String string(String name) {
        requireKind(entry(name), VariableKind.STRING);
        return read(name, (found, bytes) -> new String(bytes.toArray(ElementCodec.BYTE), StandardCharsets.UTF_8));
    }

    /** A copy of the bytes of variable {@code name}. */
    public byte[] bytes(String name) {
        requireKind(entry(name), VariableKind.BYTES);
        return read(name, (found, bytes) -> bytes.toArray(ElementCodec.BYTE));
    }

    /** The value of an integer or boolean scalar (booleans read as 0 or 1). */
    public long longValue(String name) {
        CatalogEntry entry = requireKind(entry(name), VariableKind.SCALAR);
        if (StoredTypes.dtype(entry.dtype()).isFloatingPoint()) {
            throw wrongKind(entry, "an integer scalar (use doubleValue)");
        }
        return read(name, (found, bytes) -> ElementCodec.of(StoredTypes.dtype(found.dtype())).getLong(bytes, 0));
    }

    /** The value of a numeric scalar, integers converted. */
    public double doubleValue(String name) {
        requireKind(entry(name), VariableKind.SCALAR);
        return read(name, (found, bytes) -> ElementCodec.of(StoredTypes.dtype(found.dtype())).getDouble(bytes, 0));
    }

    /** The value of a boolean scalar. */
    public boolean booleanValue(String name) {
        CatalogEntry entry = requireKind(entry(name), VariableKind.SCALAR);
        if (entry.dtype() != StoredDType.BOOL) {
            throw wrongKind(entry, "a boolean scalar");
        }
        return read(name, (found, bytes) -> bytes.get(ElementCodec.BYTE, 0) != 0);
    }

    /** The names of all variables, sorted. */
    public List<String> names() {
        return StoreCalls.call(store::entries).stream().map(CatalogEntry::name).toList();
    }

    /** The names of the variables that start with {@code prefix}, sorted; found without looking at the others. */
    public List<String> names(String prefix) {
        return StoreCalls.call(() -> store.names(prefix));
    }

    /** Whether the shelf has a variable called {@code name}. */
    public boolean contains(String name) {
        return StoreCalls.call(() -> store.find(name)).isPresent();
    }

    /** What variable {@code name} is, without reading its data. */
    public VariableInfo info(String name) {
        return describe(entry(name));
    }

    /**
     * Where variable {@code name}'s bytes lie in the shelf file, for programs that read it in place
     * (such as {@code numpy.memmap}); valid until the variable is replaced, renamed or erased. Empty
     * for a scalar, string or bytes value of at most {@value #INLINE_BYTES} bytes: those are kept in
     * the shelf's catalog, with no place of their own.
     */
    public java.util.Optional<VariableLocation> location(String name) {
        CatalogEntry entry = entry(name);
        return entry.isInline() ? java.util.Optional.empty()
                : java.util.Optional.of(new VariableLocation(store.file(), entry.extent().offset(), entry.extent().length()));
    }

    /**
     * Scalars, strings and bytes values up to this size are kept in the shelf's catalog, inside their
     * commit record: a small put is one flush, and a million scalars take megabytes, not a page each.
     * Arrays always have a place of their own, since they are written in place.
     */
    public static final int INLINE_BYTES = CatalogEntry.INLINE_LIMIT;

    /** What every variable is, sorted by name. */
    public List<VariableInfo> variables() {
        return StoreCalls.call(store::entries).stream().map(Shelf::describe).toList();
    }

    /** Erases variable {@code name} atomically; references to it become invalid. */
    public void erase(String name) {
        StoreCalls.run(() -> store.erase(name));
    }

    /** Renames a variable atomically, replacing any variable already called {@code to}. */
    public void rename(String from, String to) {
        Names.checkVariableName(to);
        StoreCalls.run(() -> store.rename(from, to));
    }

    /**
     * Begins a transaction owned by the calling thread (see {@link ShelfTransaction}), or joins the
     * one it has open. Waits while another thread's transaction is open.
     *
     * @throws ReadOnlyShelfException if the shelf is open read-only
     */
    public ShelfTransaction begin() {
        return new ShelfTransaction(this, store, StoreCalls.call(store::begin));
    }

    /**
     * Runs {@code body} in a transaction and commits it if the body returns; if the body throws,
     * rolls back and rethrows.
     *
     * {@snippet :
     * shelf.transaction(tx -> {
     *     tx.track(shelf.array("balance")).set(90L, 0);
     *     shelf.put("log", "paid 10");
     * });
     * }
     *
     * @param <E> what the body may throw; rethrown as is after the rollback
     */
    public <E extends Exception> void transaction(TransactionBody<E> body) throws E {
        try (ShelfTransaction tx = begin()) {
            body.run(tx);
            tx.commit();
        }
    }

    /** The work of {@link #transaction(TransactionBody)}. */
    @FunctionalInterface
    public interface TransactionBody<E extends Exception> {
        void run(ShelfTransaction tx) throws E;
    }

    /**
     * Gives free space at the end of the shelf file back to the file system (space a shelf grew
     * into and no longer uses). Crash-safe: the shorter file is committed before it is cut.
     *
     * @return the bytes given back
     */
    public long compact() {
        return StoreCalls.call(store::compact);
    }

    /** Bytes in use: variables, the commit log and alignment padding. */
    public long usedBytes() {
        return capacityBytes() - freeBytes();
    }

    /**
     * Bytes not in use in the shelf's current size, possibly in pieces. A put that needs more grows
     * the shelf (up to {@link ShelfOptions#maxSizeMb}, or as far as the file system allows).
     */
    public long freeBytes() {
        return StoreCalls.call(store::freeBytes);
    }

    /** Bytes variables and metadata can use at the shelf's current size: {@code usedBytes() + freeBytes()}. */
    public long capacityBytes() {
        return StoreCalls.call(store::capacityBytes);
    }

    /** {@link #usedBytes()} as a percentage of {@link #capacityBytes()}. */
    public double usedPercent() {
        return 100.0 * usedBytes() / capacityBytes();
    }

    /**
     * Checks the shelf's integrity: both superblocks, every commit-log checksum, that no two
     * variables overlap and all lie inside the file, and that free space adds up. Shelves opened with
     * {@link ShelfOptions#dataChecksums()} also have each variable's data compared with the checksum
     * recorded when it was put (variables written in place have none).
     */
    public IntegrityReport check() {
        CheckResult result = StoreCalls.call(() -> store.check(true));
        List<String> problems = new java.util.ArrayList<>(result.problems());
        for (CatalogEntry entry : StoreCalls.call(store::entries)) {
            if (entry.kind() == StoredKind.TABLE) {
                String problem = read(entry.name(), (found, block) -> TableBlock.problem(block));
                if (problem != null) {
                    problems.add("table \"" + entry.name() + "\": " + problem);
                }
            }
        }
        return new IntegrityReport(result.file(), result.formatVersion(), problems, result.variables(),
                result.checksumsVerified());
    }

    /**
     * For a reader, moves to the shelf as its writer has committed it by now: variables put, erased
     * or renamed since the reader opened (or last refreshed) appear as they are now. References to
     * variables that changed become invalid; references to the others stay valid. A writer always
     * sees its own latest state, so for a writer this does nothing.
     */
    public void refresh() {
        StoreCalls.run(store::refresh);
    }

    /**
     * Writes a consistent copy of the shelf to {@code target}, a new shelf file (its name ends in
     * {@code .jpmm}; open the copy as the shelf of that name in that directory). The copy is built
     * under a temporary name and renamed into place when complete and durable. A reader copies the
     * snapshot it sees while the writer goes on; a writer holds back its other threads' changes
     * until the copy is done. In-place writes made meanwhile may be in the copy or not.
     *
     * @param replace whether an existing {@code target} may be replaced
     * @return the bytes of variable data copied
     * @throws ShelfException if {@code target} exists and {@code replace} is false, or it cannot be written
     */
    public long backup(Path target, boolean replace) {
        return StoreCalls.call(() -> store.backup(target, replace));
    }

    /** Makes in-place writes to every array referenced so far durable. */
    public void persist() {
        StoreCalls.run(store::persistAll);
    }

    /**
     * Persists in-place writes and closes the shelf; references to its arrays become invalid.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        StoreCalls.run(store::close);
    }

    @Override
    public String toString() {
        return "shelf '" + name() + "' (" + store.file() + ", " + store.mode().description()
                + (isReadOnly() ? ", read-only" : "") + ")";
    }

    private CatalogEntry entry(String name) {
        return StoreCalls.call(() -> store.find(name)).orElseThrow(() -> new NoSuchVariableException(name(), name));
    }

    private <T> T read(String name, java.util.function.BiFunction<CatalogEntry, java.lang.foreign.MemorySegment, T> reader) {
        return StoreCalls.call(() -> store.read(name, reader));
    }

    private CatalogEntry requireKind(CatalogEntry entry, VariableKind expected) {
        if (StoredTypes.kind(entry.kind()) != expected) {
            throw wrongKind(entry, article(expected.toString()) + " " + expected);
        }
        return entry;
    }

    private WrongKindException wrongKind(CatalogEntry entry, String expected) {
        VariableInfo actual = describe(entry);
        String what = switch (actual.kind()) {
            case ARRAY -> "an array (" + actual.dtype() + " " + actual.shape() + ")";
            case SCALAR -> "a " + actual.dtype() + " scalar";
            case STRING, BYTES, TABLE -> article(actual.kind().toString()) + " " + actual.kind();
        };
        return new WrongKindException("variable \"" + entry.name() + "\" on shelf '" + name() + "' is " + what
                + ", not " + expected);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static VariableInfo describe(CatalogEntry entry) {
        return new VariableInfo(entry.name(), StoredTypes.kind(entry.kind()), StoredTypes.dtype(entry.dtype()),
                Shape.of(entry.dims()), entry.byteSize());
    }

    private static String fileSystemType(Path file) {
        try {
            return Files.getFileStore(file).type();
        } catch (IOException unknown) {
            return "unknown file system";
        }
    }
}
