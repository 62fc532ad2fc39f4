package io.jpmm.safetensors;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.Oracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Import and export against a file the reference implementation wrote (src/test/python/reference_file.py,
 * whose pattern {@link #expected} computes again: committed as safetensors 0.8.0 made it, and made
 * again where safetensors is installed), and every malformed file the reference refuses.
 */
class SafetensorsTest {
    /** The fixture's tensors in the script's order: element i of tensor k is (7 i + k) % 50. */
    private static final List<String> SCRIPT_ORDER = List.of("weight", "bias", "half", "brain", "mask", "i8", "u8",
            "i16", "u16", "i32", "u32", "i64", "u64", "c64", "scalar", "empty");

    @TempDir
    Path directory;

    private static final String[] TOOLS = {"safetensors", "ml_dtypes"};

    static Stream<Oracle.Source> sources() {
        return Oracle.sources(TOOLS);
    }

    private Path reference(Oracle.Source source) {
        return Oracle.answers(source, "reference_file", directory, TOOLS).resolve("reference.safetensors");
    }

    private Shelf shelf() {
        return Shelf.open("tensors", ShelfOptions.at(directory.resolve("shelves")).sizeMb(4));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void theReferenceFileImportsWithEveryDtypeShapeAndValue(Oracle.Source source) throws Exception {
        Path file = reference(source);
        try (Shelf shelf = shelf()) {
            List<String> names = Safetensors.importInto(shelf, file, "model.");
            assertThat(names).as("data order").startsWith("model.u64", "model.i64", "model.bias", "model.c64")
                    .endsWith("model.mask").hasSize(SCRIPT_ORDER.size());
            assertThat(Safetensors.metadata(file)).isEqualTo(Map.of("format", "pt"));
            for (int k = 0; k < SCRIPT_ORDER.size(); k++) {
                NdArray tensor = shelf.array("model." + SCRIPT_ORDER.get(k));
                double[] values = expected(k, tensor.size());
                if (tensor.dtype() == DType.COMPLEX64) {
                    var bytes = tensor.segment().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < values.length; i++) {
                        assertThat(bytes.getFloat(8 * i)).isEqualTo((float) values[i]);
                        assertThat(bytes.getFloat(8 * i + 4)).isZero();
                    }
                } else if (tensor.dtype() == DType.BOOL) {
                    for (int i = 0; i < values.length; i++) {
                        assertThat(tensor.getDouble(i)).as(SCRIPT_ORDER.get(k)).isEqualTo(values[i] % 2);
                    }
                } else {
                    assertThat(tensor.reshape(-1).toDoubleArray()).as(SCRIPT_ORDER.get(k)).containsExactly(values);
                }
            }
            assertThat(shelf.array("model.weight").shape()).containsExactly(3, 4);
            assertThat(shelf.array("model.i64").shape()).containsExactly(2, 1, 2);
            assertThat(shelf.array("model.scalar").shape()).isEmpty();
            assertThat(shelf.array("model.empty").shape()).containsExactly(0, 3);
            assertThat(shelf.array("model.brain").dtype()).isEqualTo(DType.BFLOAT16);
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void exportWritesTheReferenceImplementationsBytes(Oracle.Source source) throws Exception {
        Path file = reference(source);
        byte[] written = Files.readAllBytes(file);
        try (Shelf shelf = shelf()) {
            List<String> names = Safetensors.importInto(shelf, file, "");
            Path out = directory.resolve("out.safetensors");
            Safetensors.export(shelf, names.reversed(), out, Map.of("format", "pt"));
            assertThat(Files.readAllBytes(out)).as("header order, padding and data layout").isEqualTo(written);

            Safetensors.importInto(shelf, file, "copy/");
            Path byPrefix = directory.resolve("prefix.safetensors");
            Safetensors.exportPrefix(shelf, "copy/", byPrefix, Map.of("format", "pt"));
            assertThat(Files.readAllBytes(byPrefix)).isEqualTo(written);
        }
    }

    @Test
    void malformedFilesAreRefusedAsTheReferenceRefusesThemAndLeaveTheShelfAsItWas() throws Exception {
        String a = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
        refused(file(new byte[] {1, 2, 3}, new byte[0]), "too short");
        refused(rawLength(100_000_001L), "at most 100000000");
        refused(rawLength(5000), "the file has only");
        refused(file("{" + a + "}", 7), "truncated");
        refused(file("{" + a + "}", 9), "trailing bytes");
        refused(file(new byte[] {'{', (byte) 0xff, '}'}, new byte[0]), "not UTF-8");
        refused(file("{" + a + ",}", 8), "not valid JSON");
        refused(file("[1, 2]", 0), "not a JSON object");
        refused(file("{" + a + "," + a + "}", 16), "not valid JSON");
        refused(file("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "must not overlap");
        refused(file("{" + a + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20), "must be contiguous");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,16],\"data_offsets\":[0,8]}}", 8),
                "overflows");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");
        refused(file("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[8],\"data_offsets\":[0,8]}}", 8),
                "jpmm has no array type");
        refused(file("{\"a\":{\"dtype\":\"Q7\",\"shape\":[8],\"data_offsets\":[0,8]}}", 8), "not a safetensors dtype");
        refused(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "non-negative integer");
        refused(file("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
    }

    @Test
    void aTensorTheShelfRefusesRollsTheWholeImportBack() throws Exception {
        Path file = file("{" + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\\u0001\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        try (Shelf shelf = shelf()) {
            shelf.put("keep", 1L);
            assertThatThrownBy(() -> Safetensors.importInto(shelf, file, "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("control character");
            assertThat(shelf.names()).containsExactly("keep");
        }
    }

    @Test
    void theReferenceImplementationReadsWhatJpmmWrites() throws Exception {
        if (!Oracle.live(TOOLS)) {
            return;
        }
        Path out = directory.resolve("jpmm.safetensors");
        try (Shelf shelf = shelf()) {
            shelf.put("w", NdArray.of(new double[][] {{1.5, -2}, {3, 4.25}}).astype(DType.FLOAT32));
            shelf.put("h", NdArray.of(0.5, 1, 2048).astype(DType.FLOAT16));
            shelf.put("b", NdArray.of(1.0, -3.0).astype(DType.BFLOAT16));
            shelf.put("n", NdArray.of(-7L, 9L, 1L << 40));
            shelf.put("flags", NdArray.of(1, 0, 1).astype(DType.BOOL));
            Safetensors.export(shelf, List.of("w", "h", "b", "n", "flags"), out, Map.of("source", "jpmm"));
        }
        String printed = Oracle.run(List.of(TOOLS), """
                import sys, numpy as np, ml_dtypes  # ml_dtypes gives NumPy bfloat16
                from safetensors.numpy import load_file
                from safetensors import safe_open
                tensors = load_file(sys.argv[1])
                for name in sorted(tensors):
                    t = tensors[name]
                    print(name, t.dtype, list(t.shape), repr(t.astype(np.float64).ravel().tolist()))
                print(safe_open(sys.argv[1], "np").metadata())
                """, out.toString());
        assertThat(printed.lines().toList()).containsExactly(
                "b bfloat16 [2] [1.0, -3.0]",
                "flags bool [3] [1.0, 0.0, 1.0]",
                "h float16 [3] [0.5, 1.0, 2048.0]",
                "n int64 [3] [-7.0, 9.0, 1099511627776.0]",
                "w float32 [2, 2] [1.5, -2.0, 3.0, 4.25]",
                "{'source': 'jpmm'}");
        if (Oracle.live("safetensors", "torch")) {
            String read = Oracle.run(List.of("safetensors", "torch"), """
                    import sys
                    from safetensors.torch import load_file
                    tensors = load_file(sys.argv[1])
                    for name in sorted(tensors):
                        t = tensors[name]
                        print(name, t.dtype, list(t.shape), t.double().flatten().tolist())
                    """, out.toString());
            assertThat(read.lines().toList()).containsExactly(
                    "b torch.bfloat16 [2] [1.0, -3.0]",
                    "flags torch.bool [3] [1.0, 0.0, 1.0]",
                    "h torch.float16 [3] [0.5, 1.0, 2048.0]",
                    "n torch.int64 [3] [-7.0, 9.0, 1099511627776.0]",
                    "w torch.float32 [2, 2] [1.5, -2.0, 3.0, 4.25]");
        }
    }

    private void refused(Path file, String reason) throws Exception {
        try (Shelf shelf = shelf()) {
            shelf.put("keep", 1L);
            assertThatThrownBy(() -> Safetensors.importInto(shelf, file, "x.")).isInstanceOf(SafetensorsFormatException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(reason);
            assertThat(shelf.names()).as("nothing imported from %s", file.getFileName()).containsExactly("keep");
        }
    }

    private int files;

    private Path file(String header, int dataBytes) throws IOException {
        return file(header.getBytes(StandardCharsets.UTF_8), new byte[dataBytes]);
    }

    private Path file(byte[] header, byte[] data) throws IOException {
        Path file = directory.resolve("bad" + files++ + ".safetensors");
        if (header.length < 8 && data.length == 0 && header[0] != '{' && header[0] != '[') {
            Files.write(file, header);
            return file;
        }
        ByteBuffer bytes = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header).put(data);
        Files.write(file, bytes.array());
        return file;
    }

    private Path rawLength(long claimed) throws IOException {
        Path file = directory.resolve("bad" + files++ + ".safetensors");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).putLong(0).array());
        return file;
    }

    private static double[] expected(int k, long size) {
        double[] values = new double[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7L + k) % 50;
        }
        return values;
    }
}
