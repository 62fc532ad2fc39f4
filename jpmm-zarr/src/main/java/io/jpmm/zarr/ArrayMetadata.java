package io.jpmm.zarr;

import io.jpmm.DType;
import io.jpmm.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An array's {@code zarr.json} (Zarr v3 core specification, "Array metadata"): shape, data type,
 * the regular chunk grid, the default chunk key encoding, the fill value and the codecs. What jpmm
 * does not read (another chunk grid, storage transformers, a codec it lacks, a data type it does
 * not store, an extension that must be understood) is refused with the key named.
 *
 * @param fillValue one element, little-endian: what a chunk that was never written holds
 * @param separator the chunk key separator, {@code /} or {@code .}
 * @param dimensionNames the axes' names, or null: written as a list or left out, never {@code null}
 */
record ArrayMetadata(long[] shape, DType dtype, int[] chunkShape, char separator, NdArray fillValue, List<Codec> codecs,
                     List<String> dimensionNames, JsonNode attributes) {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The metadata jpmm writes for an array of {@code dtype} and {@code shape} in chunks of {@code chunkShape}. */
    static ArrayMetadata of(DType dtype, long[] shape, int[] chunkShape, List<Codec> codecs, JsonNode attributes) {
        return new ArrayMetadata(shape.clone(), dtype, chunkShape.clone(), '/', NdArray.allocate(dtype), codecs, null,
                attributes == null ? JSON.createObjectNode() : attributes);
    }

    /** The number of chunks along each axis. */
    long[] chunkCounts() {
        long[] counts = new long[shape.length];
        for (int axis = 0; axis < shape.length; axis++) {
            counts[axis] = (shape[axis] + chunkShape[axis] - 1) / chunkShape[axis];
        }
        return counts;
    }

    /** The key of the chunk at grid position {@code position}, relative to the array. */
    String chunkKey(long[] position) {
        var key = new StringBuilder("c");
        for (long index : position) {
            key.append(separator).append(index);
        }
        return key.toString();
    }

    static ArrayMetadata parse(byte[] json, String key) throws ZarrFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException malformed) {
            throw new ZarrFormatException(key + " is not JSON: " + malformed.getOriginalMessage(), malformed);
        }
        if (!root.isObject() || root.path("zarr_format").asInt(0) != 3) {
            throw new ZarrFormatException(key + " is not Zarr v3 metadata (zarr_format is " + root.path("zarr_format") + ")");
        }
        if (!"array".equals(root.path("node_type").asString(""))) {
            throw new ZarrFormatException(key + " describes a " + root.path("node_type").asString("?") + ", not an array");
        }
        for (var field : root.properties()) {
            if (field.getValue().isObject() && field.getValue().path("must_understand").asBoolean(true)
                    && !List.of("chunk_grid", "chunk_key_encoding", "attributes").contains(field.getKey())) {
                throw new ZarrFormatException(key + " has extension \"" + field.getKey() + "\", which jpmm does not understand");
            }
        }
        if (root.path("storage_transformers").size() > 0) {
            throw new ZarrFormatException(key + " uses storage transformers, which jpmm does not read");
        }
        long[] shape = longs(root.path("shape"), key, "shape");
        String typeName = root.path("data_type").asString("");
        DType dtype;
        try {
            dtype = DType.fromNumpyName(typeName);
        } catch (IllegalArgumentException unknown) {
            throw new ZarrFormatException(key + " has data type " + root.path("data_type") + ", which jpmm does not store"
                    + " (it stores bool, int8-64, uint8-64, float16, bfloat16, float32/64 and complex64/128)");
        }
        JsonNode grid = root.path("chunk_grid");
        if (!"regular".equals(grid.path("name").asString(""))) {
            throw new ZarrFormatException(key + " has chunk grid " + grid.path("name") + "; jpmm reads the regular grid");
        }
        long[] chunks = longs(grid.path("configuration").path("chunk_shape"), key, "chunk_shape");
        if (chunks.length != shape.length) {
            throw new ZarrFormatException(key + ": chunk_shape " + Arrays.toString(chunks) + " does not fit shape "
                    + Arrays.toString(shape));
        }
        int[] chunkShape = new int[chunks.length];
        for (int axis = 0; axis < chunks.length; axis++) {
            if (chunks[axis] < 1 || chunks[axis] > Integer.MAX_VALUE) {
                throw new ZarrFormatException(key + ": chunk_shape " + Arrays.toString(chunks) + " has an impossible length");
            }
            chunkShape[axis] = (int) chunks[axis];
        }
        JsonNode encoding = root.path("chunk_key_encoding");
        String encodingName = encoding.path("name").asString("default");
        String separator = encoding.path("configuration").path("separator").asString("/");
        if (!encodingName.equals("default") || !(separator.equals("/") || separator.equals("."))) {
            throw new ZarrFormatException(key + " has chunk key encoding " + encoding + "; jpmm reads the default one");
        }
        List<Codec> codecs = Codecs.parse(root.path("codecs"), key, shape.length, dtype);
        NdArray fill = fillValue(root.path("fill_value"), dtype, key);
        List<String> names = null;
        if (root.has("dimension_names") && !root.get("dimension_names").isNull()) {
            names = new ArrayList<>();
            for (JsonNode name : root.get("dimension_names")) {
                names.add(name.isNull() ? null : name.asString());
            }
        }
        return new ArrayMetadata(shape, dtype, chunkShape, separator.charAt(0), fill, codecs, names,
                root.path("attributes").isObject() ? root.get("attributes") : JSON.createObjectNode());
    }

    byte[] encode() {
        ObjectNode root = JSON.createObjectNode();
        root.put("zarr_format", 3);
        root.put("node_type", "array");
        ArrayNode shapeNode = root.putArray("shape");
        Arrays.stream(shape).forEach(shapeNode::add);
        root.put("data_type", dtype.numpyName());
        ObjectNode grid = root.putObject("chunk_grid");
        grid.put("name", "regular");
        ArrayNode chunks = grid.putObject("configuration").putArray("chunk_shape");
        Arrays.stream(chunkShape).forEach(chunks::add);
        ObjectNode encoding = root.putObject("chunk_key_encoding");
        encoding.put("name", "default");
        encoding.putObject("configuration").put("separator", String.valueOf(separator));
        root.set("fill_value", fillJson(fillValue, dtype));
        root.set("codecs", Codecs.encode(codecs, dtype));
        if (dimensionNames != null) {
            ArrayNode names = root.putArray("dimension_names");
            dimensionNames.forEach(names::add);
        }
        root.set("attributes", attributes);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static long[] longs(JsonNode node, String key, String what) throws ZarrFormatException {
        if (!node.isArray()) {
            throw new ZarrFormatException(key + " has no " + what + " list");
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            if (!node.get(i).isIntegralNumber() || node.get(i).asLong() < 0) {
                throw new ZarrFormatException(key + ": " + what + " " + node + " is not a list of lengths");
            }
            values[i] = node.get(i).asLong();
        }
        return values;
    }

    /** The fill value as a 0-d array of {@code dtype}, from its JSON spelling (spec: "fill_value"). */
    private static NdArray fillValue(JsonNode node, DType dtype, String key) throws ZarrFormatException {
        NdArray fill = NdArray.allocate(dtype);
        if (node.isNull() || node.isMissingNode()) {
            throw new ZarrFormatException(key + " has no fill_value");
        }
        try {
            if (dtype == DType.BOOL) {
                fill.set(node.asBoolean(), new long[0]);
            } else if (dtype.isComplex()) {
                fill.setComplex(floating(node.get(0), dtype, key), floating(node.get(1), dtype, key));
            } else if (dtype.isFloatingPoint()) {
                if (node.isString() && node.asString().startsWith("0x")) {
                    byte[] bits = HexFormat.of().parseHex(node.asString().substring(2));
                    for (int i = 0; i < bits.length / 2; i++) {
                        byte swap = bits[i];
                        bits[i] = bits[bits.length - 1 - i];
                        bits[bits.length - 1 - i] = swap;
                    }
                    fill.segment().copyFrom(java.lang.foreign.MemorySegment.ofArray(bits));
                } else {
                    fill.set(floating(node, dtype, key), new long[0]);
                }
            } else if (node.isIntegralNumber()) {
                fill.set(node.bigIntegerValue().longValue(), new long[0]);
            } else {
                throw new ZarrFormatException(key + ": fill_value " + node + " is not a " + dtype);
            }
        } catch (RuntimeException invalid) {
            throw new ZarrFormatException(key + ": fill_value " + node + " is not a " + dtype, invalid);
        }
        return fill;
    }

    private static double floating(JsonNode node, DType dtype, String key) throws ZarrFormatException {
        if (node == null) {
            throw new ZarrFormatException(key + ": fill_value is not a " + dtype);
        }
        return switch (node.isString() ? node.asString() : "") {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!node.isNumber()) {
                    throw new ZarrFormatException(key + ": fill_value " + node + " is not a " + dtype);
                }
                yield node.asDouble();
            }
        };
    }

    private static JsonNode fillJson(NdArray fill, DType dtype) {
        var nodes = JSON.getNodeFactory();
        if (dtype == DType.BOOL) {
            return nodes.booleanNode(fill.getBoolean());
        }
        if (dtype.isComplex()) {
            return nodes.arrayNode().add(floatJson(fill.getReal())).add(floatJson(fill.getImaginary()));
        }
        if (dtype.isFloatingPoint()) {
            return floatJson(fill.getDouble());
        }
        if (dtype == DType.UINT64 && fill.getLong() < 0) {
            return nodes.numberNode(new java.math.BigInteger(Long.toUnsignedString(fill.getLong())));
        }
        return nodes.numberNode(fill.getLong());
    }

    private static JsonNode floatJson(double value) {
        var nodes = JSON.getNodeFactory();
        if (Double.isNaN(value)) {
            return nodes.stringNode("NaN");
        }
        if (Double.isInfinite(value)) {
            return nodes.stringNode(value > 0 ? "Infinity" : "-Infinity");
        }
        return nodes.numberNode(value);
    }
}
