package io.jpmm.zarr;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfTransaction;
import io.jpmm.VariableInfo;
import io.jpmm.VariableKind;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shelves pushed to and pulled from a {@link ZarrStore} as Zarr v3 groups, and single arrays
 * written and read.
 *
 * <p>A push publishes a complete new version under {@code v/N/} (a Zarr v3 group: one array per
 * array variable, scalars, strings and bytes in the group's attributes under {@code "jpmm"}), with a
 * manifest of every object's CRC32C and size, then writes {@code latest.json} last, naming it. A
 * reader opens the group that {@code latest.json} names; readers of an older version keep reading it
 * undisturbed, since nothing is overwritten in place. An object whose bytes equal the previous
 * version's at the same key is copied inside the store (S3 {@code CopyObject}, a hard link in a
 * directory) instead of uploaded. A push killed halfway leaves the previous version published; the
 * next push resumes, keeping the objects already written whose bytes are the same. {@link #pull}
 * checks every object against the manifest and puts every variable in one shelf transaction.
 */
public final class Zarr {
    static final String MANIFEST = "jpmm-manifest.json";
    static final String LATEST = "latest.json";
    private static final int MAX_VERSION_DIGITS = 19;

    /**
     * How a push lays arrays out.
     *
     * @param chunkBytes  the target size of one chunk before compression
     * @param compression {@code none}, {@code gzip} or {@code zstd}
     * @param shardChunks chunks per shard (a power of two's worth along the leading axes), or 0 for no sharding
     * @param parallelism objects transferred at once
     */
    public record PushOptions(long chunkBytes, String compression, int shardChunks, int parallelism) {
        /** The largest chunk, and shard: a codec buffer's limit, and well inside S3's 5 GB for one object. */
        public static final long MAX_OBJECT_BYTES = 1L << 30;

        public PushOptions {
            if (chunkBytes < 1 || parallelism < 1 || shardChunks < 0) {
                throw new IllegalArgumentException("chunk bytes and parallelism must be positive, shard chunks not negative");
            }
            if (chunkBytes * Math.max(1, shardChunks) > MAX_OBJECT_BYTES) {
                throw new IllegalArgumentException("a chunk of " + chunkBytes + " bytes" + (shardChunks > 1 ? " times "
                        + shardChunks + " chunks per shard" : "") + " is more than the " + MAX_OBJECT_BYTES
                        + " bytes an object may have");
            }
            if (!List.of("none", "gzip", "zstd").contains(compression)) {
                throw new IllegalArgumentException("compression is none, gzip or zstd, not \"" + compression + "\"");
            }
        }

        /** 4 MiB chunks, zstd, no sharding, 8 transfers at once. */
        public static PushOptions defaults() {
            return new PushOptions(4 << 20, "zstd", 0, 8);
        }

        public PushOptions withCompression(String codec) {
            return new PushOptions(chunkBytes, codec, shardChunks, parallelism);
        }

        public PushOptions withChunkBytes(long bytes) {
            return new PushOptions(bytes, compression, shardChunks, parallelism);
        }

        public PushOptions withShardChunks(int chunks) {
            return new PushOptions(chunkBytes, compression, chunks, parallelism);
        }

        public PushOptions withParallelism(int transfers) {
            return new PushOptions(chunkBytes, compression, shardChunks, transfers);
        }
    }

    /** What a push did: the version it published, and how many objects it uploaded, copied or kept. */
    public record PushResult(long version, long uploaded, long copied, long kept, long uploadedBytes) {
    }

    private Zarr() {
    }

    // ----- single arrays -----

    /** Writes {@code array} as a Zarr v3 array at {@code path} of {@code store} (overwriting what is there). */
    public static void writeArray(NdArray array, ZarrStore store, String path, PushOptions options) throws IOException {
        ArrayMetadata metadata = metadataFor(array, options, null);
        String prefix = path.isEmpty() ? "" : path + "/";
        ZarrArrays.write(array, metadata, (key, bytes, owner) -> {
            try (owner) {
                store.put(prefix + key, bytes);
            }
        });
        store.put(prefix + "zarr.json", metadata.encode());
        store.flush();
    }

    /** Reads the Zarr v3 array at {@code path} of {@code store} into DRAM. */
    public static NdArray readArray(ZarrStore store, String path) throws IOException {
        String prefix = path.isEmpty() ? "" : path + "/";
        ArrayMetadata metadata = metadata(store, prefix + "zarr.json");
        NdArray target = NdArray.allocate(metadata.dtype(), metadata.shape());
        ExecutorService fetchers = Executors.newFixedThreadPool(4);
        try {
            ZarrArrays.read(metadata, key -> store.get(prefix + key), target, fetchers, store.describe() + "/" + path);
        } finally {
            fetchers.shutdownNow();
        }
        return target;
    }

    /** Reads the Zarr v3 array at {@code path} of {@code store} onto {@code shelf} as array {@code name}, committed when whole. */
    public static NdArray readArray(ZarrStore store, String path, Shelf shelf, String name) throws IOException {
        String prefix = path.isEmpty() ? "" : path + "/";
        ArrayMetadata metadata = metadata(store, prefix + "zarr.json");
        return readInto(shelf, name, metadata, key -> store.get(prefix + key), store.describe() + "/" + path, 4);
    }

    private static ArrayMetadata metadata(ZarrStore store, String key) throws IOException {
        byte[] json = store.get(key).orElseThrow(() -> new ZarrFormatException(store.describe() + "/" + key
                + " does not exist: no Zarr array there"));
        return ArrayMetadata.parse(json, store.describe() + "/" + key);
    }

    private static NdArray readInto(Shelf shelf, String name, ArrayMetadata metadata, ZarrArrays.ChunkSource source,
                                    String where, int parallelism) throws IOException {
        ExecutorService fetchers = Executors.newFixedThreadPool(parallelism);
        try {
            return shelf.put(name, metadata.dtype(), Shape.of(metadata.shape()),
                    target -> ZarrArrays.read(metadata, source, target, fetchers, where));
        } finally {
            fetchers.shutdownNow();
        }
    }

    static ArrayMetadata metadataFor(NdArray array, PushOptions options, ObjectNode attributes) {
        long[] shape = array.shape();
        int[] chunk = chunkShape(shape, array.dtype().itemSize(), options.chunkBytes());
        List<Codec> inner = new ArrayList<>();
        inner.add(new Codec.Bytes(false));
        switch (options.compression()) {
            case "gzip" -> inner.add(new Codec.Gzip(5));
            case "zstd" -> inner.add(new Codec.Zstd(3, false));
            default -> { }
        }
        if (options.shardChunks() <= 1 || shape.length == 0) {
            return ArrayMetadata.of(array.dtype(), shape, chunk, inner, attributes);
        }
        // Shards group chunks along the leading axes, as many as asked where the array is long enough.
        int[] shard = chunk.clone();
        long wanted = options.shardChunks();
        for (int axis = 0; axis < shape.length && wanted > 1; axis++) {
            long chunksAlong = (shape[axis] + chunk[axis] - 1) / chunk[axis];
            long factor = Math.min(wanted, Math.max(1, chunksAlong));
            shard[axis] = (int) Math.min(Integer.MAX_VALUE, (long) chunk[axis] * factor);
            wanted = (wanted + factor - 1) / factor;
        }
        var sharding = new Codec.Sharding(chunk, inner, List.of(new Codec.Bytes(false), new Codec.Crc32c()), true);
        return ArrayMetadata.of(array.dtype(), shape, shard, List.of(sharding), attributes);
    }

    /** Chunks of about {@code targetBytes}: whole trailing axes, then a part of the next one, 1 along the rest. */
    static int[] chunkShape(long[] shape, int itemSize, long targetBytes) {
        int[] chunk = new int[shape.length];
        long room = Math.max(1, targetBytes / itemSize);
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            long length = Math.max(1, Math.min(shape[axis], room));
            chunk[axis] = (int) Math.min(Integer.MAX_VALUE, length);
            room = Math.max(1, room / length);
        }
        return chunk;
    }

    // ----- shelves -----

    /**
     * Publishes the variables of {@code shelf} as a new version in {@code store}; see the class
     * description. Tables are refused before anything is written.
     *
     * @param progress hears how many bytes of the shelf's arrays have been published so far (of
     *                 {@link #pushBytes(Shelf)}; edge chunks count whole)
     */
    public static PushResult push(Shelf shelf, ZarrStore store, PushOptions options, LongConsumer progress) throws IOException {
        List<VariableInfo> variables = shelf.variables();
        for (VariableInfo variable : variables) {
            if (variable.kind() == VariableKind.TABLE) {
                throw new IllegalArgumentException("variable \"" + variable.name() + "\" is a table; push publishes arrays,"
                        + " scalars, strings and bytes (export tables with jpmm-arrow)");
            }
        }
        Optional<Published> previous = latest(store);
        long version = previous.map(p -> p.version() + 1).orElse(1L);
        String root = versionPath(version) + "/";
        Map<String, Long> previousChecksums = previous.map(Published::checksums).orElse(Map.of());
        String previousRoot = previous.map(p -> versionPath(p.version()) + "/").orElse("");
        Map<String, Boolean> resumable = new ConcurrentHashMap<>();
        store.list(versionPath(version)).forEach(key -> resumable.put(key, true));

        var manifest = new ConcurrentHashMap<String, long[]>();
        var counts = new AtomicLong[] {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
        ExecutorService transfers = Executors.newFixedThreadPool(options.parallelism());
        Semaphore inFlight = new Semaphore(options.parallelism() * 2);
        List<Future<?>> pending = new ArrayList<>();
        AtomicLong published = new AtomicLong();
        ObjectNode group = ArrayMetadata.JSON.createObjectNode();
        ObjectNode jpmm = ArrayMetadata.JSON.createObjectNode();
        ObjectNode arrays = jpmm.putObject("arrays");
        ObjectNode values = jpmm.putObject("values");
        try {
            ZarrArrays.ChunkSink sink = (key, bytes, owner) -> {
                inFlight.acquireUninterruptibly();
                pending.add(transfers.submit(() -> {
                    try (owner) {
                        publish(store, root, previousRoot, key, bytes, previousChecksums, resumable, manifest, counts);
                    } catch (IOException failure) {
                        throw new UncheckedIOException(failure);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            };
            for (VariableInfo variable : variables) {
                String name = variable.name();
                switch (variable.kind()) {
                    case ARRAY -> {
                        String key = ZarrKeys.encode(name);
                        arrays.put(key, name);
                        NdArray array = shelf.array(name);
                        ArrayMetadata metadata = metadataFor(array, options, null);
                        long chunkBytes = java.util.Arrays.stream(metadata.chunkShape()).asLongStream()
                                .reduce(array.dtype().itemSize(), Math::multiplyExact);
                        ZarrArrays.write(array, metadata, (chunkKey, bytes, owner) -> {
                            sink.chunk(key + "/" + chunkKey, bytes, owner);
                            progress.accept(published.addAndGet(chunkBytes));
                        });
                        sink.chunk(key + "/zarr.json", MemorySegment.ofArray(metadata.encode()), Arena.ofShared());
                    }
                    case SCALAR -> {
                        ObjectNode value = values.putObject(name);
                        value.put("kind", "scalar");
                        value.put("dtype", variable.dtype().numpyName());
                        Object scalar = shelf.get(name);
                        switch (scalar) {
                            case Boolean b -> value.put("value", b);
                            case Double d -> value.put("value", d);
                            case Float f -> value.put("value", f);
                            case Number n -> value.put("value", n.longValue());
                            case Character c -> value.put("value", (int) c);
                            default -> value.put("value", scalar.toString());
                        }
                    }
                    case STRING -> values.putObject(name).put("kind", "string").put("value", shelf.string(name));
                    case BYTES -> values.putObject(name).put("kind", "bytes")
                            .put("base64", Base64.getEncoder().encodeToString(shelf.bytes(name)));
                    case TABLE -> throw new IllegalStateException("refused above");
                }
            }
            awaitAll(pending);
            pending.clear();
            jpmm.put("version", version);
            jpmm.put("shelf", shelf.name());
            previous.ifPresent(p -> jpmm.put("previous", p.version()));
            group.put("zarr_format", 3);
            group.put("node_type", "group");
            group.putObject("attributes").set("jpmm", jpmm);
            ObjectNode manifestJson = ArrayMetadata.JSON.createObjectNode();
            ObjectNode objects = manifestJson.putObject("objects");
            manifest.forEach((key, crcAndSize) -> objects.putObject(key).put("crc32c", crcAndSize[0]).put("size", crcAndSize[1]));
            store.put(root + MANIFEST, ArrayMetadata.JSON.writeValueAsBytes(manifestJson));
            store.put(root + "zarr.json", ArrayMetadata.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(group));
            store.flush();
            ObjectNode pointer = ArrayMetadata.JSON.createObjectNode();
            pointer.put("version", version);
            pointer.put("path", versionPath(version));
            store.put(LATEST, ArrayMetadata.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(pointer));
            store.flush();
            return new PushResult(version, counts[0].get(), counts[1].get(), counts[2].get(), counts[3].get());
        } finally {
            transfers.shutdownNow();
        }
    }

    /** Uploads one object, or copies the previous version's identical one, or keeps the one a killed push left. */
    private static void publish(ZarrStore store, String root, String previousRoot, String key, MemorySegment bytes,
                                Map<String, Long> previousChecksums, Map<String, Boolean> resumable,
                                Map<String, long[]> manifest, AtomicLong[] counts) throws IOException {
        long crc = crc32c(bytes);
        manifest.put(key, new long[] {crc, bytes.byteSize()});
        String target = root + key;
        if (resumable.containsKey(target) && store.get(target).map(existing -> MemorySegment.mismatch(
                MemorySegment.ofArray(existing), 0, existing.length, bytes, 0, bytes.byteSize()) == -1).orElse(false)) {
            counts[2].incrementAndGet();
        } else if (previousChecksums.containsKey(key) && previousChecksums.get(key) == crc) {
            store.copy(previousRoot + key, target);
            counts[1].incrementAndGet();
        } else {
            // The bytes may be a shelved array written in place meanwhile: upload until the manifest's CRC holds for what went up.
            store.put(target, bytes);
            for (long now = crc32c(bytes); now != crc; now = crc32c(bytes)) {
                crc = now;
                manifest.put(key, new long[] {crc, bytes.byteSize()});
                store.put(target, bytes);
            }
            counts[0].incrementAndGet();
            counts[3].addAndGet(bytes.byteSize());
        }
    }

    private static void awaitAll(List<Future<?>> pending) throws IOException {
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while pushing");
            } catch (java.util.concurrent.ExecutionException failure) {
                if (failure.getCause() instanceof UncheckedIOException io) {
                    throw io.getCause();
                }
                throw new IOException(failure.getCause().getMessage(), failure.getCause());
            }
        }
    }

    /** The bytes of the arrays a push of {@code shelf} publishes, for a progress bar. */
    public static long pushBytes(Shelf shelf) {
        return shelf.variables().stream().filter(variable -> variable.kind() == VariableKind.ARRAY)
                .mapToLong(VariableInfo::byteSize).sum();
    }

    /** The bytes of objects a pull of {@code store}'s latest version reads, for a progress bar; 0 if none is published. */
    public static long pullBytes(ZarrStore store) throws IOException {
        return latest(store).map(published -> published.sizes().values().stream().mapToLong(Long::longValue).sum()).orElse(0L);
    }

    /** The published version {@code latest.json} names, with its manifest's checksums. */
    private record Published(long version, Map<String, Long> checksums, Map<String, Long> sizes, JsonNode group) {
    }

    private static Optional<Published> latest(ZarrStore store) throws IOException {
        Optional<byte[]> pointer = store.get(LATEST);
        if (pointer.isEmpty()) {
            return Optional.empty();
        }
        String where = store.describe() + "/" + LATEST;
        try {
            JsonNode node = ArrayMetadata.JSON.readTree(pointer.get());
            long version = node.path("version").asLong(0);
            if (version < 1 || !node.path("path").asString("").equals(versionPath(version))) {
                throw new ZarrFormatException(where + " does not name a version: " + node);
            }
            String root = versionPath(version) + "/";
            byte[] manifestBytes = store.get(root + MANIFEST).orElseThrow(() -> new ZarrFormatException(
                    store.describe() + "/" + root + MANIFEST + " is missing: version " + version + " is incomplete"));
            JsonNode manifest = ArrayMetadata.JSON.readTree(manifestBytes);
            Map<String, Long> checksums = new HashMap<>();
            Map<String, Long> sizes = new HashMap<>();
            for (var entry : manifest.path("objects").properties()) {
                checksums.put(entry.getKey(), entry.getValue().path("crc32c").asLong());
                sizes.put(entry.getKey(), entry.getValue().path("size").asLong());
            }
            byte[] groupBytes = store.get(root + "zarr.json").orElseThrow(() -> new ZarrFormatException(
                    store.describe() + "/" + root + "zarr.json is missing: version " + version + " is incomplete"));
            return Optional.of(new Published(version, checksums, sizes, ArrayMetadata.JSON.readTree(groupBytes)));
        } catch (JacksonException malformed) {
            throw new ZarrFormatException(where + " or its version's metadata is not JSON: " + malformed.getOriginalMessage(),
                    malformed);
        }
    }

    static String versionPath(long version) {
        return "v/" + version;
    }

    /**
     * Deletes every version older than the {@code keep} newest up to the one {@code latest.json}
     * names, which is never deleted. A version above the latest (what a killed push left) is kept,
     * for the next push to resume. A reader still reading a deleted version loses it: keep as many
     * as readers may still have open.
     *
     * @return the versions deleted, oldest first
     * @throws IllegalArgumentException if {@code keep} is less than 1
     */
    public static List<Long> prune(ZarrStore store, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least the latest version (keep >= 1), not " + keep);
        }
        long latest = latest(store).orElseThrow(() -> new ZarrFormatException(store.describe()
                + " holds no published shelf (no " + LATEST + ")")).version();
        java.util.TreeMap<Long, List<String>> versions = new java.util.TreeMap<>();
        for (String key : store.list("v")) {
            String[] parts = key.split("/", 3);
            if (parts.length == 3 && parts[1].matches("[1-9][0-9]{0," + (MAX_VERSION_DIGITS - 1) + "}")) {
                versions.computeIfAbsent(Long.parseLong(parts[1]), version -> new ArrayList<>()).add(key);
            }
        }
        List<Long> deleted = new ArrayList<>();
        for (var version : versions.entrySet()) {
            if (version.getKey() <= latest - keep) {
                for (String key : version.getValue()) {
                    store.delete(key);
                }
                deleted.add(version.getKey());
            }
        }
        store.flush();
        return deleted;
    }

    /**
     * Puts every variable of the version {@code latest.json} names onto {@code shelf}, in one
     * transaction: after a failure (a checksum that does not match, a lost connection) the shelf is
     * as it was. Variables the version does not hold are left alone.
     *
     * @return the names put
     */
    public static List<String> pull(ZarrStore store, Shelf shelf, int parallelism, LongConsumer progress) throws IOException {
        Published published = latest(store).orElseThrow(() -> new ZarrFormatException(store.describe() + " holds no"
                + " published shelf (no " + LATEST + ")"));
        String root = versionPath(published.version()) + "/";
        JsonNode jpmm = published.group().path("attributes").path("jpmm");
        List<String> names = new ArrayList<>();
        AtomicLong pulled = new AtomicLong();
        try (ShelfTransaction transaction = shelf.begin()) {
            for (var entry : jpmm.path("arrays").properties()) {
                String key = entry.getKey();
                String name = entry.getValue().asString();
                ZarrArrays.ChunkSource source = chunk -> verified(store, root, key + "/" + chunk, published, pulled, progress);
                byte[] metadataBytes = source.chunk("zarr.json").orElseThrow(() -> new ZarrFormatException(
                        store.describe() + "/" + root + key + "/zarr.json is missing"));
                ArrayMetadata metadata = ArrayMetadata.parse(metadataBytes, store.describe() + "/" + root + key + "/zarr.json");
                readInto(shelf, name, metadata, source, store.describe() + "/" + root + key, parallelism);
                names.add(name);
            }
            for (var entry : jpmm.path("values").properties()) {
                shelf.put(entry.getKey(), value(entry.getValue(), entry.getKey(), store.describe()));
                names.add(entry.getKey());
            }
            transaction.commit();
        }
        return names;
    }

    private static Optional<byte[]> verified(ZarrStore store, String root, String key, Published published, AtomicLong pulled,
                                             LongConsumer progress) throws IOException {
        Long expected = published.checksums().get(key);
        Optional<byte[]> bytes = store.get(root + key);
        if (expected == null) {
            if (bytes.isPresent()) {
                throw new ZarrFormatException(store.describe() + "/" + root + key + " is not in the version's manifest");
            }
            return bytes;
        }
        byte[] value = bytes.orElseThrow(() -> new ZarrFormatException(store.describe() + "/" + root + key
                + " is missing, though the manifest lists it"));
        if (crc32c(value) != expected || value.length != published.sizes().get(key)) {
            throw new ZarrFormatException(store.describe() + "/" + root + key + " does not match the manifest's CRC32C"
                    + " and size: it is damaged or was changed after the push");
        }
        long total = pulled.addAndGet(value.length);
        synchronized (progress) {
            progress.accept(total);
        }
        return bytes;
    }

    private static Object value(JsonNode node, String name, String where) throws ZarrFormatException {
        return switch (node.path("kind").asString("")) {
            case "string" -> node.path("value").asString();
            case "bytes" -> Base64.getDecoder().decode(node.path("base64").asString());
            case "scalar" -> {
                DType dtype = DType.fromNumpyName(node.path("dtype").asString());
                JsonNode value = node.path("value");
                NdArray scalar = NdArray.allocate(dtype);
                if (dtype == DType.BOOL) {
                    scalar.set(value.asBoolean());
                } else if (dtype.isFloatingPoint()) {
                    scalar.set(value.asDouble());
                } else {
                    scalar.set(value.asLong());
                }
                yield switch (dtype) {
                    case BOOL -> scalar.getBoolean();
                    case FLOAT64 -> scalar.getDouble();
                    case FLOAT32 -> (float) scalar.getDouble();
                    case INT8 -> (byte) scalar.getLong();
                    case INT16 -> (short) scalar.getLong();
                    case INT32 -> (int) scalar.getLong();
                    case UINT16 -> (char) scalar.getLong();
                    case INT64 -> scalar.getLong();
                    default -> scalar;
                };
            }
            default -> throw new ZarrFormatException(where + ": variable \"" + name + "\" has an unknown kind " + node);
        };
    }

    static long crc32c(byte[] bytes) {
        return crc32c(MemorySegment.ofArray(bytes));
    }

    static long crc32c(MemorySegment bytes) {
        var crc = new CRC32C();
        for (long at = 0; at < bytes.byteSize(); at += 1 << 30) {
            crc.update(bytes.asSlice(at, Math.min(1 << 30, bytes.byteSize() - at)).asByteBuffer());
        }
        return crc.getValue();
    }
}
