package io.jpmm.zarr;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.testkit.Oracle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * jpmm reads what other Zarr implementations wrote: zarrita.js's own v3 fixture set (made by
 * zarr-python; src/test/resources/zarrita.js) and arrays zarrita wrote (src/test/node/oracle/zarrita_arrays.mjs,
 * committed, and made again where node and npm are present). What jpmm does not read is refused
 * with the array and the reason named.
 */
class ZarrFixturesTest {
    private static final Path ZARRITA_JS = Path.of("src", "test", "resources", "zarrita.js", "data.zarr");

    @TempDir
    Path directory;

    private static double[] range(int from, int to) {
        return LongStream.range(from, to).asDoubleStream().toArray();
    }

    /** Arrays of zarrita.js's fixture set jpmm reads, with their shapes and values (from its generate-v3.py). */
    private static Map<String, Object[]> readable() {
        Map<String, Object[]> arrays = new LinkedHashMap<>();
        arrays.put("1d.contiguous.raw.i2", new Object[] {DType.INT16, new long[] {4}, range(1, 5)});
        arrays.put("1d.contiguous.gzip.i2", new Object[] {DType.INT16, new long[] {4}, range(1, 5)});
        arrays.put("1d.contiguous.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {4}, range(1, 5)});
        arrays.put("1d.contiguous.compressed.sharded.i4", new Object[] {DType.INT32, new long[] {4}, range(1, 5)});
        arrays.put("1d.contiguous.compressed.sharded.u1", new Object[] {DType.UINT8, new long[] {4}, new double[] {255, 0, 255, 0}});
        arrays.put("1d.contiguous.compressed.sharded.f4", new Object[] {DType.FLOAT32, new long[] {4}, new double[] {-1000.5, 0, 1000.5, 0}});
        arrays.put("1d.contiguous.compressed.sharded.f8", new Object[] {DType.FLOAT64, new long[] {4}, new double[] {1.5, 2.5, 3.5, 4.5}});
        arrays.put("1d.contiguous.compressed.sharded.b1", new Object[] {DType.BOOL, new long[] {4}, new double[] {1, 0, 1, 0}});
        arrays.put("1d.chunked.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {4}, range(1, 5)});
        arrays.put("1d.chunked.filled.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {4}, new double[] {1, 2, 0, 0}});
        arrays.put("2d.contiguous.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {2, 2}, range(1, 5)});
        arrays.put("2d.chunked.compressed.sharded.filled.i2", new Object[] {DType.INT16, new long[] {4, 4}, range(0, 16)});
        arrays.put("2d.chunked.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {4, 4}, range(1, 17)});
        arrays.put("2d.chunked.ragged.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {3, 3}, range(1, 10)});
        arrays.put("3d.contiguous.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {3, 3, 3}, range(0, 27)});
        arrays.put("3d.chunked.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {4, 4, 4}, range(0, 64)});
        arrays.put("3d.chunked.mixed.compressed.sharded.i2", new Object[] {DType.INT16, new long[] {3, 3, 3}, range(0, 27)});
        arrays.put("consolidated/1d.chunked.i2", new Object[] {DType.INT16, new long[] {4}, range(1, 5)});
        arrays.put("consolidated/2d.contiguous.i2", new Object[] {DType.INT16, new long[] {2, 2}, range(1, 5)});
        arrays.put("consolidated/nested/1d.i2", new Object[] {DType.INT16, new long[] {4}, new double[] {10, 20, 30, 40}});
        return arrays;
    }

    @Test
    void zarritaJsFixturesReadWithTheirValues() throws Exception {
        var store = new DirectoryStore(ZARRITA_JS);
        for (var entry : readable().entrySet()) {
            NdArray array = Zarr.readArray(store, entry.getKey());
            assertThat(array.dtype()).as(entry.getKey()).isEqualTo(entry.getValue()[0]);
            assertThat(array.shape()).as(entry.getKey()).isEqualTo((long[]) entry.getValue()[1]);
            assertThat(array.toDoubleArray()).as(entry.getKey()).isEqualTo((double[]) entry.getValue()[2]);
        }
    }

    @Test
    void zarritaJsFixturesJpmmDoesNotReadAreRefusedClearly() throws Exception {
        var store = new DirectoryStore(ZARRITA_JS);
        Map<String, String> refused = Map.of(
                "1d.contiguous.blosc.i2", "uses codec \"blosc\", which jpmm does not read",
                "1d.contiguous.f4.be", "uses codec \"blosc\"",
                "3d.chunked.mixed.i2.F", "uses codec \"blosc\"",
                "1d.contiguous.delta.i4", "uses codec \"numcodecs.delta\"",
                "1d.contiguous.string.vlen", "has data type \"string\", which jpmm does not store",
                "my group with spaces", "describes a group, not an array");
        for (var entry : refused.entrySet()) {
            assertThatThrownBy(() -> Zarr.readArray(store, entry.getKey())).as(entry.getKey())
                    .isInstanceOf(ZarrFormatException.class)
                    .hasMessageContaining(entry.getKey() + "/zarr.json")
                    .hasMessageContaining(entry.getValue());
        }
    }

    static Stream<Oracle.Source> sources() {
        return Zarrita.install().isPresent() ? Stream.of(Oracle.Source.FIXTURES, Oracle.Source.LIVE) : Stream.of(Oracle.Source.FIXTURES);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void arraysZarritaWroteReadWithTheirValues(Oracle.Source source) throws Exception {
        Path answers = Path.of("src", "test", "resources", "oracle", "zarrita_arrays");
        if (source == Oracle.Source.LIVE) {
            answers = directory.resolve("zarrita_arrays");
            Zarrita.run("oracle/zarrita_arrays.mjs", answers.toString());
        }
        JsonNode expected = Oracle.json(answers.resolve("expected.json"));
        var store = new DirectoryStore(answers.resolve("data.zarr"));
        assertThat(expected.size()).isGreaterThanOrEqualTo(16);
        for (var entry : expected.properties()) {
            String name = entry.getKey();
            JsonNode want = entry.getValue();
            NdArray array = Zarr.readArray(store, name);
            assertThat(array.dtype().numpyName()).as(name).isEqualTo(want.get("dtype").asString());
            assertThat(array.shape()).as(name).isEqualTo(longs(want.get("shape")));
            compare(array, want.get("values"), name);
        }
    }

    static long[] longs(JsonNode node) {
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asLong();
        }
        return values;
    }

    /** Compares element by element in C order: 64-bit integers as decimal strings, bools as 0/1, NaN and infinities as strings. */
    static void compare(NdArray array, JsonNode values, String name) {
        NdArray flat = array.copy().reshape(-1);
        assertThat(flat.size()).as(name).isEqualTo(values.size());
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            if (array.dtype() == DType.UINT64) {
                assertThat(Long.toUnsignedString(flat.getLong(i))).as("%s[%d]", name, i).isEqualTo(value.asString());
            } else if (array.dtype() == DType.INT64) {
                assertThat(Long.toString(flat.getLong(i))).as("%s[%d]", name, i).isEqualTo(value.asString());
            } else if (value.isString()) {
                assertThat(Double.valueOf(flat.getDouble(i))).as("%s[%d]", name, i)
                        .isEqualTo(Double.valueOf(Double.parseDouble(value.asString())));
            } else {
                assertThat(flat.getDouble(i)).as("%s[%d]", name, i).isEqualTo(value.asDouble());
            }
        }
    }
}
