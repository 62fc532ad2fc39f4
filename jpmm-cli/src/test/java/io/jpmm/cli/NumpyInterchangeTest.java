package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Oracle;
import io.jpmm.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.ArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** jpmm import/export and info --json with NumPy as the oracle, for every dtype NumPy has. */
class NumpyInterchangeTest {
    private static final List<DType> NUMPY_TYPES = Arrays.stream(DType.values())
            .filter(type -> type.numpyDescr().isPresent()).toList();

    @TempDir
    Path directory;

    private CliRun jpmm(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"-d", directory.toString(), "-s", "np"}, 0, all, args.length, 4);
        return CliRun.of(all);
    }

    static Stream<Oracle.Source> sources() {
        return Oracle.sources();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void numpyWrittenFilesImportBitExactAndExportBackByteForByte(Oracle.Source source) throws Exception {
        Path in = Oracle.answers(source, "cli_npy", directory).resolve("in");
        for (DType dtype : NUMPY_TYPES) {
            Path file = in.resolve(dtype + ".npy");
            CliRun imported = jpmm("import", file.toString(), "v_" + dtype);
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("as v_" + dtype + ": " + dtype + " (6, 5)");
            Path out = directory.resolve("out_" + dtype + ".npy");
            CliRun exported = jpmm("export", "v_" + dtype, out.toString());
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
            assertThat(Files.readAllBytes(out)).as("%s exported", dtype).isEqualTo(Files.readAllBytes(file));
        }
        if (source == Oracle.Source.LIVE) {
            String result = Oracle.run(List.of(), """
                    import sys, numpy as np
                    for name in sys.argv[3].split(','):
                        a, b = np.load(f"{sys.argv[1]}/{name}.npy"), np.load(f"{sys.argv[2]}/out_{name}.npy")
                        same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
                        print(('OK ' if same else 'MISMATCH ') + name)
                    """, in.toString(), directory.toString(),
                    NUMPY_TYPES.stream().map(DType::toString).collect(Collectors.joining(",")));
            assertThat(result.lines()).hasSize(NUMPY_TYPES.size()).allMatch(line -> line.startsWith("OK "));
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void infoJsonLetsNumpyMemmapReadEveryVariableWhereItLies(Oracle.Source source) throws Exception {
        try (Shelf shelf = Shelf.open("np", ShelfOptions.at(directory).sizeMb(8))) {
            for (DType dtype : DType.values()) {
                shelf.put("m_" + dtype, Samples.randomArray(dtype, dtype.ordinal() + 1, 4, 7));
            }
        }
        List<JsonNode> infos = new ArrayList<>();
        for (DType dtype : DType.values()) {
            CliRun info = jpmm("info", "m_" + dtype, "--json");
            assertThat(info.exitCode()).as(info.toString()).isZero();
            infos.add(new ObjectMapper().readTree(info.out()));
        }
        try (Shelf shelf = Shelf.open("np", ShelfOptions.at(directory).readOnly())) {
            for (JsonNode info : infos) {
                // What numpy.memmap(file, numpy_descr, 'r', offset, shape) maps: the bytes there, as that dtype.
                NdArray array = shelf.array(info.get("name").asString());
                DType dtype = DType.parse(info.get("numpy_descr").asString());
                assertThat(dtype).isEqualTo(array.dtype());
                byte[] there = new byte[(int) array.byteSize()];
                try (var file = java.nio.channels.FileChannel.open(Path.of(info.get("file").asString()))) {
                    file.read(java.nio.ByteBuffer.wrap(there), info.get("offset").asLong());
                }
                assertThat(there).isEqualTo(array.segment().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                assertThat(info.get("shape").toString()).isEqualTo("[4,7]");
            }
        }
        if (source == Oracle.Source.LIVE) {
            Path lines = Files.write(directory.resolve("infos.jsonl"), infos.stream().map(JsonNode::toString).toList());
            String checked = Oracle.run(List.of("ml_dtypes"), """
                    import sys, json, zlib, numpy as np
                    for line in open(sys.argv[1]):
                        j = json.loads(line)
                        if j.get('numpy_needs'):
                            __import__(j['numpy_needs'])
                        a = np.memmap(j['file'], dtype=j['numpy_descr'], mode='r', offset=j['offset'], shape=tuple(j['shape']))
                        print(j['name'], a.dtype, a.shape, zlib.crc32(a.tobytes()))
                    """, lines.toString());
            try (Shelf shelf = Shelf.open("np", ShelfOptions.at(directory).readOnly())) {
                for (String line : checked.lines().toList()) {
                    String[] words = line.split(" ", 2);
                    NdArray java = shelf.array(words[0]);
                    var crc = new java.util.zip.CRC32();
                    crc.update(java.segment().asByteBuffer());
                    assertThat(words[1]).isEqualTo(java.dtype() + " (4, 7) " + crc.getValue());
                }
                assertThat(checked.lines()).hasSize(DType.values().length);
            }
        }
    }

    @Test
    void rawDataImportsWithDtypeAndShape() throws Exception {
        Path raw = directory.resolve("raw.bin");
        NdArray values = NdArray.allocate(DType.FLOAT32, 3, 4).copyFrom(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        try (var out = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            values.writeTo(out);
        }
        CliRun imported = jpmm("import", raw.toString(), "grid", "--dtype", "float32", "--shape", "3,4");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(jpmm("show", "grid").out()).contains("[ 8.,  9., 10., 11.]");
        CliRun wrongShape = jpmm("import", raw.toString(), "grid", "--dtype", "float32", "--shape", "5,5");
        assertThat(wrongShape.exitCode()).isEqualTo(1);
        assertThat(wrongShape.err()).contains("48 bytes").contains("needs exactly 100");
        CliRun halfRaw = jpmm("import", raw.toString(), "grid", "--dtype", "float32");
        assertThat(halfRaw.exitCode()).isEqualTo(2);
        CliRun badDtype = jpmm("import", raw.toString(), "grid", "--dtype", "float80", "--shape", "3");
        assertThat(badDtype.exitCode()).isEqualTo(2);
        assertThat(badDtype.err()).contains("float80");
    }

    @Test
    void aFileLargerThanTheJavaHeapImportsThroughTheRealEntryPoint() throws Exception {
        Path big = directory.resolve("big.npy");
        NdArray row = NdArray.allocate(DType.FLOAT64, 131072);
        for (int i = 0; i < 131072; i++) {
            row.set(i, i);
        }
        try (var out = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(io.jpmm.numpy.NpyHeader.encode(DType.FLOAT64, io.jpmm.Shape.of(300, 131072))));
            for (int i = 0; i < 300; i++) {
                row.writeTo(out);
            }
        }
        assertThat(Files.size(big)).isGreaterThan(300L << 20);
        var result = ChildJvm.run(Duration.ofMinutes(3), List.of("-Xmx48m"), Jpmm.class,
                "import", big.toString(), "big", "-d", directory.toString(), "-s", "huge");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("imported").contains("float64 (300, 131072)");
        try (Shelf shelf = Shelf.open("huge", ShelfOptions.at(directory).readOnly())) {
            NdArray array = shelf.array("big");
            assertThat(array.getDouble(299, 131071)).isEqualTo(131071);
            assertThat(array.at(150).sum().getDouble()).isEqualTo(131071.0 * 131072 / 2);
        }
    }
}
