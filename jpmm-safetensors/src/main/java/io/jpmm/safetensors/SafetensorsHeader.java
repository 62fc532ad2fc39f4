package io.jpmm.safetensors;

import io.jpmm.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The header of a safetensors file: an 8-byte little-endian length, then that many bytes of JSON
 * naming each tensor's dtype, shape and byte range in the data that follows, and optional string
 * {@code __metadata__}. Read with the checks of the reference implementation, written as it writes.
 *
 * @param tensors   in data order
 * @param dataStart where the data begins in the file
 */
record SafetensorsHeader(List<Tensor> tensors, Map<String, String> metadata, long dataStart) {
    /** The reference implementation refuses larger headers. */
    static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One tensor: {@code [begin, end)} is relative to the start of the data. */
    record Tensor(String name, String dtypeName, DType dtype, long[] shape, long begin, long end) {
    }

    static SafetensorsHeader read(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw invalid(file, "the file is " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, length, 0);
        long headerBytes = length.getLong(0);
        if (headerBytes < 0 || headerBytes > MAX_HEADER_BYTES) {
            throw invalid(file, "the header is " + Long.toUnsignedString(headerBytes) + " bytes; at most "
                    + MAX_HEADER_BYTES + " are allowed");
        }
        if (8 + headerBytes > size) {
            throw invalid(file, "the header says it is " + headerBytes + " bytes, but the file has only "
                    + (size - 8) + " after the length");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
        readFully(channel, header, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header.flip()).toString();
        } catch (CharacterCodingException notUtf8) {
            throw invalid(file, "the header is not UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException notJson) {
            throw invalid(file, "the header is not valid JSON: " + notJson.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "the header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : root.properties()) {
            if (property.getKey().equals(METADATA)) {
                readMetadata(property.getValue(), metadata, file);
            } else {
                tensors.add(readTensor(property.getKey(), property.getValue(), file));
            }
        }
        tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long expected = 0;
        for (Tensor tensor : tensors) {
            if (tensor.begin() != expected) {
                throw invalid(file, "tensor \"" + tensor.name() + "\" starts at data offset " + tensor.begin()
                        + ", but the tensors before it end at " + expected + " (offsets must be contiguous and must not overlap)");
            }
            expected = tensor.end();
        }
        long dataBytes = size - 8 - headerBytes;
        if (expected != dataBytes) {
            throw invalid(file, "the tensors cover " + expected + " bytes of data but the file holds " + dataBytes
                    + (expected > dataBytes ? " (truncated)" : " (trailing bytes after the last tensor)"));
        }
        return new SafetensorsHeader(List.copyOf(tensors), metadata, 8 + headerBytes);
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata, Path file) throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw invalid(file, METADATA + " is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isString()) {
                throw invalid(file, METADATA + " value \"" + entry.getKey() + "\" is not a string");
            }
            metadata.put(entry.getKey(), entry.getValue().stringValue());
        }
    }

    private static Tensor readTensor(String name, JsonNode node, Path file) throws SafetensorsFormatException {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (!node.isObject() || dtype == null || !dtype.isString() || shape == null || !shape.isArray()
                || offsets == null || !offsets.isArray() || offsets.size() != 2) {
            throw invalid(file, "tensor \"" + name + "\" needs \"dtype\" (a string), \"shape\" (an array) and"
                    + " \"data_offsets\" (two numbers)");
        }
        DType type = TensorDTypes.toDType(dtype.stringValue(), name, file);
        long[] dims = new long[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = nonNegative(shape.get(i), "tensor \"" + name + "\" has a shape entry", file);
            try {
                elements = Math.multiplyExact(elements, dims[i]);
            } catch (ArithmeticException overflow) {
                throw invalid(file, "tensor \"" + name + "\" has a shape whose element count overflows");
            }
        }
        long begin = nonNegative(offsets.get(0), "tensor \"" + name + "\" has a data offset", file);
        long end = nonNegative(offsets.get(1), "tensor \"" + name + "\" has a data offset", file);
        long bytes;
        try {
            bytes = Math.multiplyExact(elements, type.itemSize());
        } catch (ArithmeticException overflow) {
            throw invalid(file, "tensor \"" + name + "\" has a shape whose byte size overflows");
        }
        if (end < begin || end - begin != bytes) {
            throw invalid(file, "tensor \"" + name + "\" spans data offsets [" + begin + ", " + end + ") but "
                    + dtype.stringValue() + " " + java.util.Arrays.toString(dims) + " needs " + bytes + " bytes");
        }
        return new Tensor(name, dtype.stringValue(), type, dims, begin, end);
    }

    private static long nonNegative(JsonNode node, String what, Path file) throws SafetensorsFormatException {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw invalid(file, what + " that is not a non-negative integer: " + node);
        }
        return node.longValue();
    }

    /**
     * The header bytes for {@code tensors} (in data order, offsets filled in) and {@code metadata}: the
     * 8-byte length, then compact JSON with {@code __metadata__} first, padded with spaces to a
     * multiple of 8 bytes, as the reference implementation writes it.
     */
    static byte[] encode(List<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> meta.put(entry.getKey(), entry.getValue()));
        }
        for (Tensor tensor : tensors) {
            ObjectNode node = root.putObject(tensor.name());
            node.put("dtype", tensor.dtypeName());
            ArrayNode shape = node.putArray("shape");
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            node.putArray("data_offsets").add(tensor.begin()).add(tensor.end());
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("unexpected end of file");
            }
        }
    }

    private static SafetensorsFormatException invalid(Path file, String why) {
        return new SafetensorsFormatException(file + " is not a valid safetensors file: " + why);
    }
}
