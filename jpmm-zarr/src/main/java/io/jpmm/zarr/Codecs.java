package io.jpmm.zarr;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStream;
import io.jpmm.DType;
import io.jpmm.NdArray;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec pipeline: the codecs' JSON, and a chunk encoded to bytes and decoded back. A decoded
 * chunk is a C-order DRAM array of the chunk's full shape (edge chunks included, as the
 * specification pads them).
 */
final class Codecs {
    private static final long EMPTY = -1L;

    private Codecs() {
    }

    static List<Codec> parse(JsonNode node, String key, int rank, DType dtype) throws ZarrFormatException {
        if (!node.isArray() || node.isEmpty()) {
            throw new ZarrFormatException(key + " has no codecs list");
        }
        List<Codec> codecs = new ArrayList<>();
        for (JsonNode entry : node) {
            String name = entry.isString() ? entry.asString() : entry.path("name").asString("");
            JsonNode configuration = entry.path("configuration");
            codecs.add(switch (name) {
                case "bytes" -> {
                    String endian = configuration.path("endian").asString("little");
                    if (!endian.equals("little") && !endian.equals("big")) {
                        throw new ZarrFormatException(key + ": bytes codec with endian \"" + endian + "\"");
                    }
                    yield new Codec.Bytes(endian.equals("big"));
                }
                case "transpose" -> new Codec.Transpose(order(configuration.path("order"), rank, key));
                case "gzip" -> new Codec.Gzip(configuration.path("level").asInt(5));
                case "zstd" -> new Codec.Zstd(configuration.path("level").asInt(0), configuration.path("checksum").asBoolean(false));
                case "crc32c" -> new Codec.Crc32c();
                case "sharding_indexed" -> sharding(configuration, key, rank, dtype);
                default -> throw new ZarrFormatException(key + " uses codec \"" + name + "\", which jpmm does not read"
                        + " (it reads bytes, transpose, gzip, zstd, crc32c and sharding_indexed)");
            });
        }
        check(codecs, key);
        return codecs;
    }

    /** Array-to-array codecs first, exactly one array-to-bytes codec, then bytes-to-bytes codecs. */
    private static void check(List<Codec> codecs, String key) throws ZarrFormatException {
        int arrayToBytes = 0;
        int stage = 0;
        for (Codec codec : codecs) {
            int kind = codec instanceof Codec.Transpose ? 0 : codec instanceof Codec.Bytes || codec instanceof Codec.Sharding ? 1 : 2;
            if (kind < stage || kind == 1 && arrayToBytes++ > 0) {
                throw new ZarrFormatException(key + ": the codecs are not array-to-array, one array-to-bytes, then"
                        + " bytes-to-bytes codecs");
            }
            stage = kind;
        }
        if (arrayToBytes != 1) {
            throw new ZarrFormatException(key + " has no array-to-bytes codec (bytes or sharding_indexed)");
        }
    }

    private static int[] order(JsonNode node, int rank, String key) throws ZarrFormatException {
        int[] order = new int[node.size()];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < order.length; i++) {
            order[i] = node.get(i).asInt(-1);
            if (order.length != rank || order[i] < 0 || order[i] >= rank || seen[order[i]]) {
                throw new ZarrFormatException(key + ": transpose order " + node + " is not a permutation of " + rank + " axes");
            }
            seen[order[i]] = true;
        }
        return order;
    }

    private static Codec.Sharding sharding(JsonNode configuration, String key, int rank, DType dtype) throws ZarrFormatException {
        JsonNode shape = configuration.path("chunk_shape");
        if (shape.size() != rank) {
            throw new ZarrFormatException(key + ": sharding chunk_shape " + shape + " does not have " + rank + " axes");
        }
        int[] chunkShape = new int[rank];
        for (int axis = 0; axis < rank; axis++) {
            chunkShape[axis] = shape.get(axis).asInt(0);
            if (chunkShape[axis] < 1) {
                throw new ZarrFormatException(key + ": sharding chunk_shape " + shape + " has an impossible length");
            }
        }
        List<Codec> inner = parse(configuration.path("codecs"), key + " (inner chunks)", rank, dtype);
        List<Codec> index = parse(configuration.path("index_codecs"), key + " (shard index)", 1, DType.UINT64);
        for (Codec codec : index) {
            if (!(codec instanceof Codec.Bytes || codec instanceof Codec.Crc32c)) {
                throw new ZarrFormatException(key + ": the shard index uses " + codec + "; jpmm reads bytes and crc32c there");
            }
        }
        String location = configuration.path("index_location").asString("end");
        if (!location.equals("end") && !location.equals("start")) {
            throw new ZarrFormatException(key + ": index_location \"" + location + "\"");
        }
        return new Codec.Sharding(chunkShape, inner, index, location.equals("end"));
    }

    static ArrayNode encode(List<Codec> codecs, DType dtype) {
        ArrayNode list = ArrayMetadata.JSON.createArrayNode();
        for (Codec codec : codecs) {
            ObjectNode entry = list.addObject();
            ObjectNode configuration = ArrayMetadata.JSON.createObjectNode();
            switch (codec) {
                case Codec.Bytes bytes -> {
                    entry.put("name", "bytes");
                    if (dtype.itemSize() > 1) {
                        configuration.put("endian", bytes.bigEndian() ? "big" : "little");
                    }
                }
                case Codec.Transpose transpose -> {
                    entry.put("name", "transpose");
                    ArrayNode order = configuration.putArray("order");
                    Arrays.stream(transpose.order()).forEach(order::add);
                }
                case Codec.Gzip gzip -> {
                    entry.put("name", "gzip");
                    configuration.put("level", gzip.level());
                }
                case Codec.Zstd zstd -> {
                    entry.put("name", "zstd");
                    configuration.put("level", zstd.level());
                    configuration.put("checksum", zstd.checksum());
                }
                case Codec.Crc32c crc -> entry.put("name", "crc32c");
                case Codec.Sharding sharding -> {
                    entry.put("name", "sharding_indexed");
                    ArrayNode shape = configuration.putArray("chunk_shape");
                    Arrays.stream(sharding.chunkShape()).forEach(shape::add);
                    configuration.set("codecs", encode(sharding.codecs(), dtype));
                    configuration.set("index_codecs", encode(sharding.indexCodecs(), DType.UINT64));
                    configuration.put("index_location", sharding.indexAtEnd() ? "end" : "start");
                }
            }
            if (!configuration.isEmpty()) {
                entry.set("configuration", configuration);
            }
        }
        return list;
    }

    // ----- chunks -----

    /**
     * The chunk's elements as little-endian bytes in C order, if its codecs are the {@code bytes}
     * codec (little-endian) and bytes-to-bytes codecs only: then a reader copies them straight into
     * place instead of through a decoded array.
     */
    static java.util.Optional<byte[]> decodeToLittleEndian(byte[] stored, List<Codec> codecs, String key)
            throws ZarrFormatException {
        if (!(codecs.getFirst() instanceof Codec.Bytes endian) || endian.bigEndian()) {
            return java.util.Optional.empty();
        }
        byte[] bytes = stored;
        for (int i = codecs.size() - 1; i > 0; i--) {
            bytes = decodeBytes(codecs.get(i), bytes, key);
        }
        return java.util.Optional.of(bytes);
    }

    /** Decodes a stored chunk of {@code shape} into a C-order DRAM array. */
    static NdArray decode(byte[] stored, int[] shape, DType dtype, List<Codec> codecs, NdArray fill, String key)
            throws ZarrFormatException {
        byte[] bytes = stored;
        int arrayToBytes = 0;
        while (codecs.get(arrayToBytes) instanceof Codec.Transpose) {
            arrayToBytes++;
        }
        for (int i = codecs.size() - 1; i > arrayToBytes; i--) {
            bytes = decodeBytes(codecs.get(i), bytes, key);
        }
        int[] encodedShape = shape.clone();
        for (int i = 0; i < arrayToBytes; i++) {
            int[] order = ((Codec.Transpose) codecs.get(i)).order();
            int[] before = encodedShape.clone();
            for (int axis = 0; axis < order.length; axis++) {
                encodedShape[axis] = before[order[axis]];
            }
        }
        NdArray array = switch (codecs.get(arrayToBytes)) {
            case Codec.Bytes endian -> fromBytes(bytes, encodedShape, dtype, endian.bigEndian(), key);
            case Codec.Sharding sharding -> decodeShard(bytes, encodedShape, dtype, sharding, fill, key);
            default -> throw new IllegalStateException("checked when parsed");
        };
        for (int i = arrayToBytes - 1; i >= 0; i--) {
            array = array.permute(inverse(((Codec.Transpose) codecs.get(i)).order())).copy();
        }
        return array;
    }

    /**
     * Encodes a C-order array of a chunk's full shape into native memory of {@code arena}, never the
     * Java heap: uncompressed little-endian chunks of a contiguous array are the array's own memory
     * (for a shelved array, the mapped shelf), and codecs write into buffers allocated in {@code arena}.
     */
    static MemorySegment encode(NdArray chunk, List<Codec> codecs, NdArray fill, Arena arena) {
        NdArray array = chunk;
        MemorySegment bytes = null;
        for (Codec codec : codecs) {
            switch (codec) {
                case Codec.Transpose transpose -> array = array.permute(transpose.order()).copy();
                case Codec.Bytes endian -> bytes = toBytes(array, endian.bigEndian(), arena);
                case Codec.Sharding sharding -> bytes = encodeShard(array, sharding, fill, arena);
                default -> bytes = encodeBytes(codec, bytes, arena);
            }
        }
        return bytes;
    }

    private static int[] inverse(int[] order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return inverse;
    }

    private static NdArray fromBytes(byte[] bytes, int[] shape, DType dtype, boolean bigEndian, String key)
            throws ZarrFormatException {
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        NdArray array = NdArray.allocate(dtype, dims);
        if (bytes.length != array.byteSize()) {
            throw new ZarrFormatException(key + " decodes to " + bytes.length + " bytes; a chunk of " + dtype + " "
                    + Arrays.toString(shape) + " has " + array.byteSize());
        }
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, array.segment(), 0, bytes.length);
        if (bigEndian) {
            swap(array.segment(), dtype);
        }
        return array;
    }

    private static MemorySegment toBytes(NdArray array, boolean bigEndian, Arena arena) {
        NdArray contiguous = array.isContiguous() ? array : array.copy();
        if (!bigEndian || array.dtype().itemSize() == 1) {
            return contiguous.segment();
        }
        MemorySegment bytes = arena.allocate(contiguous.byteSize()).copyFrom(contiguous.segment());
        swap(bytes, array.dtype());
        return bytes;
    }

    /** Reverses the bytes of every element (of each part of a complex element) in place. */
    private static void swap(MemorySegment memory, DType dtype) {
        int width = dtype.isComplex() ? dtype.itemSize() / 2 : dtype.itemSize();
        if (width == 1) {
            return;
        }
        byte[] element = new byte[width];
        for (long at = 0; at < memory.byteSize(); at += width) {
            MemorySegment.copy(memory, ValueLayout.JAVA_BYTE, at, element, 0, width);
            for (int i = 0; i < width; i++) {
                memory.set(ValueLayout.JAVA_BYTE, at + i, element[width - 1 - i]);
            }
        }
    }

    private static byte[] decodeBytes(Codec codec, byte[] bytes, String key) throws ZarrFormatException {
        try {
            return switch (codec) {
                case Codec.Gzip gzip -> {
                    try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                        yield in.readAllBytes();
                    }
                }
                case Codec.Zstd zstd -> {
                    long size = Zstd.getFrameContentSize(bytes);
                    if (size >= 0 && size <= Integer.MAX_VALUE - 8) {
                        byte[] out = new byte[(int) size];
                        long produced = Zstd.decompressByteArray(out, 0, out.length, bytes, 0, bytes.length);
                        if (Zstd.isError(produced) || produced != size) {
                            throw new IOException(Zstd.isError(produced) ? Zstd.getErrorName(produced) : "short frame");
                        }
                        yield out;
                    }
                    try (var in = new ZstdInputStream(new ByteArrayInputStream(bytes))) {
                        yield in.readAllBytes();
                    }
                }
                case Codec.Crc32c crc -> {
                    if (bytes.length < 4) {
                        throw new IOException("fewer than 4 bytes, no CRC32C");
                    }
                    int stored = MemorySegment.ofArray(bytes).get(ValueLayout.JAVA_INT_UNALIGNED, bytes.length - 4);
                    var crc32c = new java.util.zip.CRC32C();
                    crc32c.update(bytes, 0, bytes.length - 4);
                    if ((int) crc32c.getValue() != stored) {
                        throw new IOException("its CRC32C does not match: the data is damaged");
                    }
                    yield Arrays.copyOf(bytes, bytes.length - 4);
                }
                default -> throw new IllegalStateException("not a bytes-to-bytes codec: " + codec);
            };
        } catch (IOException | RuntimeException failure) {
            if (failure instanceof IllegalStateException state && state.getMessage().startsWith("not a bytes")) {
                throw state;
            }
            throw new ZarrFormatException(key + " does not decode with " + name(codec) + ": " + failure.getMessage(), failure);
        }
    }

    private static MemorySegment encodeBytes(Codec codec, MemorySegment bytes, Arena arena) {
        return switch (codec) {
            case Codec.Gzip gzip -> Gzip.compress(bytes, gzip.level(), arena);
            case Codec.Zstd zstd -> {
                MemorySegment out = arena.allocate(Zstd.compressBound(bytes.byteSize()));
                try (var context = new ZstdCompressCtx()) {
                    context.setLevel(zstd.level());
                    context.setChecksum(zstd.checksum());
                    context.setContentSize(true);
                    int written = context.compressDirectByteBuffer(out.asByteBuffer(), 0, (int) out.byteSize(),
                            direct(bytes, arena), 0, (int) bytes.byteSize());
                    yield out.asSlice(0, written);
                }
            }
            case Codec.Crc32c crc -> {
                MemorySegment out = arena.allocate(bytes.byteSize() + 4).copyFrom(bytes);
                out.set(ValueLayout.JAVA_INT_UNALIGNED, bytes.byteSize(), (int) Zarr.crc32c(bytes));
                yield out;
            }
            default -> throw new IllegalStateException("not a bytes-to-bytes codec: " + codec);
        };
    }

    /** {@code bytes} as a direct buffer: itself where it is native memory, else a native copy. */
    static java.nio.ByteBuffer direct(MemorySegment bytes, Arena arena) {
        return (bytes.isNative() ? bytes : arena.allocate(bytes.byteSize()).copyFrom(bytes)).asByteBuffer();
    }

    private static String name(Codec codec) {
        return codec.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    // ----- sharding -----

    private static int[] chunksPerShard(int[] shardShape, int[] chunkShape, String key) throws ZarrFormatException {
        int[] counts = new int[shardShape.length];
        for (int axis = 0; axis < counts.length; axis++) {
            if (shardShape[axis] % chunkShape[axis] != 0) {
                throw new ZarrFormatException(key + ": the shard shape " + Arrays.toString(shardShape)
                        + " is not a multiple of the inner chunk shape " + Arrays.toString(chunkShape));
            }
            counts[axis] = shardShape[axis] / chunkShape[axis];
        }
        return counts;
    }

    private static int indexBytes(int chunks, Codec.Sharding sharding) {
        int crcs = (int) sharding.indexCodecs().stream().filter(Codec.Crc32c.class::isInstance).count();
        return chunks * 16 + crcs * 4;
    }

    private static NdArray decodeShard(byte[] bytes, int[] shape, DType dtype, Codec.Sharding sharding, NdArray fill,
                                       String key) throws ZarrFormatException {
        int[] counts = chunksPerShard(shape, sharding.chunkShape(), key);
        int chunks = Arrays.stream(counts).reduce(1, Math::multiplyExact);
        int indexLength = indexBytes(chunks, sharding);
        if (bytes.length < indexLength) {
            throw new ZarrFormatException(key + ": a shard of " + bytes.length + " bytes cannot hold its index of " + indexLength);
        }
        int indexStart = sharding.indexAtEnd() ? bytes.length - indexLength : 0;
        NdArray index = decode(Arrays.copyOfRange(bytes, indexStart, indexStart + indexLength), new int[] {chunks, 2},
                DType.UINT64, sharding.indexCodecs(), NdArray.allocate(DType.UINT64), key + " (shard index)");
        NdArray shard = NdArray.allocate(dtype, Arrays.stream(shape).asLongStream().toArray());
        shard.assign(fill);
        int[] position = new int[counts.length];
        for (int chunk = 0; chunk < chunks; chunk++) {
            long offset = index.getLong(chunk, 0);
            long length = index.getLong(chunk, 1);
            if (offset != EMPTY || length != EMPTY) {
                if (offset < 0 || length < 0 || offset > bytes.length - length) {
                    throw new ZarrFormatException(key + ": inner chunk " + chunk + " at " + offset + " of " + length
                            + " bytes lies outside the shard's " + bytes.length);
                }
                NdArray inner = decode(Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length)), sharding.chunkShape(),
                        dtype, sharding.codecs(), fill, key + " (inner chunk " + chunk + ")");
                region(shard, position, sharding.chunkShape()).copyFrom(inner);
            }
            next(position, counts);
        }
        return shard;
    }

    private static MemorySegment encodeShard(NdArray shard, Codec.Sharding sharding, NdArray fill, Arena arena) {
        int[] shape = Arrays.stream(shard.shape()).mapToInt(Math::toIntExact).toArray();
        int[] counts = new int[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            counts[axis] = shape[axis] / sharding.chunkShape()[axis];
        }
        int chunks = Arrays.stream(counts).reduce(1, Math::multiplyExact);
        NdArray index = NdArray.allocate(DType.UINT64, chunks, 2);
        List<MemorySegment> encoded = new ArrayList<>();
        int indexLength = indexBytes(chunks, sharding);
        long offset = sharding.indexAtEnd() ? 0 : indexLength;
        int[] position = new int[counts.length];
        NdArray fillChunk = NdArray.allocate(shard.dtype(), Arrays.stream(sharding.chunkShape()).asLongStream().toArray());
        fillChunk.assign(fill);
        for (int chunk = 0; chunk < chunks; chunk++) {
            NdArray inner = region(shard, position, sharding.chunkShape()).copy();
            if (inner.equals(fillChunk)) {
                // A chunk of nothing but the fill value is left out, as the specification allows.
                index.set(EMPTY, chunk, 0);
                index.set(EMPTY, chunk, 1);
            } else {
                MemorySegment bytes = encode(inner, sharding.codecs(), fill, arena);
                index.set(offset, chunk, 0);
                index.set(bytes.byteSize(), chunk, 1);
                offset += bytes.byteSize();
                encoded.add(bytes);
            }
            next(position, counts);
        }
        MemorySegment encodedIndex = encode(index, sharding.indexCodecs(), NdArray.allocate(DType.UINT64), arena);
        MemorySegment out = arena.allocate(offset + (sharding.indexAtEnd() ? encodedIndex.byteSize() : 0));
        long at = 0;
        if (!sharding.indexAtEnd()) {
            out.asSlice(at, encodedIndex.byteSize()).copyFrom(encodedIndex);
            at += encodedIndex.byteSize();
        }
        for (MemorySegment bytes : encoded) {
            out.asSlice(at, bytes.byteSize()).copyFrom(bytes);
            at += bytes.byteSize();
        }
        if (sharding.indexAtEnd()) {
            out.asSlice(at, encodedIndex.byteSize()).copyFrom(encodedIndex);
        }
        return out;
    }

    /** The view of {@code array} holding the chunk at grid {@code position} of chunks of {@code chunkShape}. */
    static NdArray region(NdArray array, int[] position, int[] chunkShape) {
        NdArray view = array;
        for (int axis = 0; axis < position.length; axis++) {
            long from = (long) position[axis] * chunkShape[axis];
            view = view.slice(axis, from, Math.min(from + chunkShape[axis], array.dim(axis)));
        }
        return view;
    }

    /** Advances a C-order grid position. */
    static void next(int[] position, int[] counts) {
        for (int axis = position.length - 1; axis >= 0; axis--) {
            if (++position[axis] < counts[axis]) {
                return;
            }
            position[axis] = 0;
        }
    }
}
