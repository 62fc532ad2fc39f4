package io.jpmm.arrow;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.Table;
import io.jpmm.TableColumn;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Oracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Arrow IPC files and streams that pyarrow and pandas wrote (src/test/python/arrow_tables.py)
 * import with every type, null and value; what jpmm exports imports again, and pyarrow and pandas
 * read it back equal. Bad files are refused with the file and column named, and change nothing.
 */
class ArrowIpcTest {
    private static final String[] TOOLS = {"pyarrow", "pandas"};
    private static final List<String> FILES = List.of("all_types.arrow", "all_types.arrows", "all_types_lz4.feather",
            "all_types_zstd.arrow", "pandas.feather");

    @TempDir
    Path directory;

    static Stream<Oracle.Source> sources() {
        return Oracle.sources(TOOLS);
    }

    private Path answers(Oracle.Source source) {
        return Oracle.answers(source, "arrow_tables", directory, TOOLS);
    }

    private Shelf shelf() {
        return Shelf.open("arrow", ShelfOptions.at(directory).sizeMb(8));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void filesPyarrowAndPandasWroteImportWithEveryTypeNullAndValue(Oracle.Source source) throws Exception {
        Path answers = answers(source);
        JsonNode expected = Oracle.json(answers.resolve("expected.json"));
        try (Shelf shelf = shelf()) {
            for (String file : FILES) {
                Table table = ArrowIpc.importTable(shelf, "t", answers.resolve(file));
                checkTable(table, expected.get(file), file);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void whatJpmmExportsImportsAgainInBothFormats(Oracle.Source source) throws Exception {
        Path answers = answers(source);
        JsonNode expected = Oracle.json(answers.resolve("expected.json"));
        try (Shelf shelf = shelf()) {
            Table table = ArrowIpc.importTable(shelf, "t", answers.resolve("all_types_lz4.feather"));
            for (ArrowIpc.Format format : ArrowIpc.Format.values()) {
                Path out = directory.resolve("jpmm-" + format);
                ArrowIpc.exportTable(table, out, format);
                checkTable(ArrowIpc.importTable(shelf, "again", out), expected.get("all_types.arrow"), out.toString());
            }
        }
    }

    @Test
    void pyarrowAndPandasReadWhatJpmmExports() throws Exception {
        if (!Oracle.live(TOOLS)) {
            return;
        }
        Path answers = Oracle.fixtures("arrow_tables");
        JsonNode expected = Oracle.json(answers.resolve("expected.json")).get("all_types.arrow");
        try (Shelf shelf = shelf()) {
            Table table = ArrowIpc.importTable(shelf, "t", answers.resolve("all_types.arrow"));
            for (ArrowIpc.Format format : ArrowIpc.Format.values()) {
                Path out = directory.resolve("jpmm." + format);
                ArrowIpc.exportTable(table, out, format);
                String read = Oracle.run(List.of(TOOLS), """
                        import json, sys
                        import pyarrow as pa, pyarrow.ipc as ipc, pandas as pd
                        path, file_format = sys.argv[1], sys.argv[2] == 'FILE'
                        table = (ipc.open_file(path) if file_format else ipc.open_stream(path)).read_all()
                        def storage(a):
                            t = a.type
                            if pa.types.is_date32(t): return a.cast(pa.int32())
                            if pa.types.is_date64(t) or pa.types.is_timestamp(t): return a.cast(pa.int64())
                            return a
                        def plain(v):
                            return {'hex': v.hex()} if isinstance(v, bytes) else v.item() if hasattr(v, 'item') else v
                        columns = [{'name': f.name, 'type': str(f.type), 'nullable': f.nullable,
                                    'values': [plain(v) for v in storage(table.column(f.name).combine_chunks()).to_pylist()]}
                                   for f in table.schema]
                        frame = pd.read_feather(path) if file_format else table.to_pandas()
                        print(json.dumps({'rows': table.num_rows, 'columns': columns, 'pandas': list(frame.shape)}))
                        """, out.toString(), format.name());
                JsonNode seen = tools.jackson.databind.json.JsonMapper.builder().build().readTree(read);
                assertThat(seen.get("pandas").toString()).isEqualTo("[11,24]");
                assertSameColumns(seen, expected, "pyarrow " + format);
                Map<String, String> arrowTypes = Map.of("uuid", "fixed_size_binary[4]", "big_text", "large_string",
                        "at_us_utc", "timestamp[us, tz=UTC]", "day", "date32[day]", "f16", "halffloat",
                        "category", "string", "small_dict", "double");
                arrowTypes.forEach((name, type) -> assertThat(typeOf(seen, name)).as(name).isEqualTo(type));
            }
        }
    }

    @Test
    void arrowJavaReadsWhatJpmmExports() throws Exception {
        Path answers = Oracle.fixtures("arrow_tables");
        JsonNode expected = Oracle.json(answers.resolve("expected.json")).get("all_types.arrow");
        try (Shelf shelf = shelf()) {
            Table table = ArrowIpc.importTable(shelf, "t", answers.resolve("all_types_zstd.arrow"));
            for (ArrowIpc.Format format : ArrowIpc.Format.values()) {
                Path out = directory.resolve("java." + format);
                ArrowIpc.exportTable(table, out, format);
                var child = ChildJvm.run(Duration.ofMinutes(2), List.of("--add-opens=java.base/java.nio=ALL-UNNAMED"),
                        ArrowJavaReader.class, out.toString(), format.name());
                assertThat(child.exitCode()).as(child.stderr()).isZero();
                JsonNode seen = tools.jackson.databind.json.JsonMapper.builder().build().readTree(child.stdout());
                assertSameColumns(seen, expected, "Arrow Java " + format);
                assertThat(typeOf(seen, "uuid")).isEqualTo("FixedSizeBinary(4)");
                assertThat(typeOf(seen, "at_s")).isEqualTo("Timestamp(SECOND, Europe/Paris)");
                assertThat(typeOf(seen, "big_text")).isEqualTo("LargeUtf8");
            }
        }
    }

    /** What a separate reader saw (rows, then per column name, nullability and values) is what the oracle wrote. */
    private static void assertSameColumns(JsonNode seen, JsonNode expected, String reader) {
        assertThat(seen.get("rows").asLong()).as(reader).isEqualTo(expected.get("rows").asLong());
        for (int i = 0; i < expected.get("columns").size(); i++) {
            JsonNode want = expected.get("columns").get(i);
            JsonNode got = seen.get("columns").get(i);
            String column = reader + " column " + want.get("name").asString();
            assertThat(got.get("name").asString()).as(column).isEqualTo(want.get("name").asString());
            assertThat(got.get("nullable").asBoolean()).as(column).isEqualTo(want.get("nullable").asBoolean());
            assertThat(got.get("values")).as(column).isEqualTo(want.get("values"));
        }
    }

    private static String typeOf(JsonNode seen, String column) {
        for (JsonNode each : seen.get("columns")) {
            if (each.get("name").asString().equals(column)) {
                return each.get("type").asString();
            }
        }
        throw new AssertionError("no column " + column);
    }

    @Test
    void typesJpmmDoesNotStoreAreRefusedNamingTheColumnAndNothingChanges() throws Exception {
        Path answers = Oracle.fixtures("arrow_tables");
        JsonNode refused = Oracle.json(answers.resolve("expected.json")).get("refused");
        try (Shelf shelf = shelf()) {
            shelf.put("keep", 1L);
            for (var entry : refused.properties()) {
                Path file = answers.resolve(entry.getKey());
                assertThatThrownBy(() -> ArrowIpc.importTable(shelf, "keep", file)).isInstanceOf(ArrowFormatException.class)
                        .hasMessageContaining(file.toString())
                        .hasMessageContaining("column \"" + entry.getValue().asString() + "\"")
                        .hasMessageContaining("which jpmm does not store");
            }
            assertThat(shelf.names()).containsExactly("keep");
            assertThat(shelf.longValue("keep")).isEqualTo(1);
        }
    }

    @Test
    void truncatedOrForgedFilesAreRefusedAndNothingChanges() throws Exception {
        Path good = Oracle.fixtures("arrow_tables").resolve("all_types.arrow");
        byte[] bytes = Files.readAllBytes(good);
        try (Shelf shelf = shelf()) {
            shelf.put("keep", 1L);
            for (int cut : new int[] {3, 100, bytes.length / 2, bytes.length - 1}) {
                Path truncated = write("cut" + cut, java.util.Arrays.copyOf(bytes, cut));
                assertThatThrownBy(() -> ArrowIpc.importTable(shelf, "t", truncated)).isInstanceOf(ArrowFormatException.class)
                        .hasMessageContaining(truncated.toString());
            }
            Path stream = Oracle.fixtures("arrow_tables").resolve("all_types.arrows");
            byte[] streamBytes = Files.readAllBytes(stream);
            Path cutStream = write("cut.arrows", java.util.Arrays.copyOf(streamBytes, streamBytes.length / 2));
            assertThatThrownBy(() -> ArrowIpc.importTable(shelf, "t", cutStream)).isInstanceOf(ArrowFormatException.class)
                    .hasMessageContaining("past the end of the stream");
            Path text = write("text.arrow", "name,value\nx,1\n".getBytes());
            assertThatThrownBy(() -> ArrowIpc.importTable(shelf, "t", text)).isInstanceOf(ArrowFormatException.class);
            // Every byte of the body flipped in turn: refused or imported, never a crash or a half-written table.
            Path forged = directory.resolve("forged.arrow");
            for (int at = 0; at < bytes.length; at += 7) {
                byte[] copy = bytes.clone();
                copy[at] ^= (byte) 0x5A;
                Files.write(forged, copy);
                try {
                    Table table = ArrowIpc.importTable(shelf, "t", forged);
                    for (TableColumn column : table.columns()) {
                        for (long row = 0; row < table.rows(); row++) {
                            column.get(row);
                        }
                    }
                } catch (ArrowFormatException refused) {
                    assertThat(refused.getMessage()).contains(forged.toString());
                }
            }
            assertThat(shelf.longValue("keep")).isEqualTo(1);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    /** Compares an imported table with the oracle's description of it. */
    static void checkTable(Table table, JsonNode expected, String what) {
        assertThat(table.rows()).as(what).isEqualTo(expected.get("rows").asLong());
        JsonNode columns = expected.get("columns");
        assertThat(table.columnCount()).as(what).isEqualTo(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            JsonNode want = columns.get(i);
            TableColumn column = table.column(i);
            String where = what + " column " + column.name();
            assertThat(column.name()).as(what).isEqualTo(want.get("name").asString());
            assertThat(column.typeName()).as(where).isEqualTo(want.get("type").asString());
            assertThat(column.spec().nullable()).as(where).isEqualTo(want.get("nullable").asBoolean());
            long nulls = 0;
            for (int row = 0; row < table.rows(); row++) {
                JsonNode value = want.get("values").get(row);
                Object actual = column.get(row);
                String at = where + " row " + row;
                if (value.isNull()) {
                    nulls++;
                    assertThat(actual).as(at).isNull();
                } else if (value.isBoolean()) {
                    assertThat(actual).as(at).isEqualTo(value.asBoolean());
                } else if (value.isIntegralNumber()) {
                    assertThat(actual).as(at).isEqualTo(value.asLong());
                } else if (value.isFloatingPointNumber()) {
                    assertThat((Double) actual).as(at).isEqualTo(value.asDouble());
                } else if (value.isObject()) {
                    assertThat(HexFormat.of().formatHex((byte[]) actual)).as(at).isEqualTo(value.get("hex").asString());
                } else if (value.asString().equals("nan")) {
                    assertThat((Double) actual).as(at).isNaN();
                } else {
                    assertThat(actual).as(at).isEqualTo(value.asString());
                }
            }
            assertThat(column.nullCount()).as(where).isEqualTo(nulls);
        }
    }
}
