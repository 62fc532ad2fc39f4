package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Numpy;
import io.jpmm.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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

    @Test
    void numpyWrittenFilesImportBitExactAndExportBackEqual() throws Exception {
        String descrs = NUMPY_TYPES.stream().map(type -> type.numpyDescr().orElseThrow()).collect(Collectors.joining(","));
        Numpy.run("""
                import sys, numpy as np
                for i, descr in enumerate(sys.argv[2].split(',')):
                    d = np.dtype(descr)
                    raw = np.random.default_rng(i).integers(0, 256, 6 * 5 * d.itemsize, dtype=np.uint8)
                    if d.kind == 'b':
                        raw = raw % 2
                    np.save(f"{sys.argv[1]}/in_{d.name}.npy", np.frombuffer(raw.tobytes(), dtype=d).reshape(6, 5))
                """, directory.toString(), descrs);
        for (DType dtype : NUMPY_TYPES) {
            CliRun imported = jpmm("import", directory.resolve("in_" + dtype + ".npy").toString(), "v_" + dtype);
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).contains("as v_" + dtype + ": " + dtype + " (6, 5)");
            CliRun exported = jpmm("export", "v_" + dtype, directory.resolve("out_" + dtype + ".npy").toString());
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
        }
        String result = Numpy.run("""
                import sys, numpy as np
                for name in sys.argv[2].split(','):
                    a, b = np.load(f"{sys.argv[1]}/in_{name}.npy"), np.load(f"{sys.argv[1]}/out_{name}.npy")
                    same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
                    print(('OK ' if same else 'MISMATCH ') + name)
                """, directory.toString(), NUMPY_TYPES.stream().map(DType::toString).collect(Collectors.joining(",")));
        assertThat(result.lines()).hasSize(NUMPY_TYPES.size()).allMatch(line -> line.startsWith("OK "));
    }

    @Test
    void infoJsonLetsNumpyMemmapReadEveryVariableWhereItLies() {
        try (Shelf shelf = Shelf.open("np", ShelfOptions.at(directory).sizeMb(8))) {
            for (DType dtype : NUMPY_TYPES) {
                shelf.put("m_" + dtype, Samples.randomArray(dtype, dtype.ordinal() + 1, 4, 7));
            }
        }
        StringBuilder lines = new StringBuilder();
        for (DType dtype : NUMPY_TYPES) {
            CliRun info = jpmm("info", "m_" + dtype, "--json");
            assertThat(info.exitCode()).as(info.toString()).isZero();
            lines.append(info.out());
        }
        String checked = Numpy.run("""
                import sys, json, zlib, numpy as np
                for line in sys.stdin if False else open(sys.argv[1]):
                    j = json.loads(line)
                    a = np.memmap(j['file'], dtype=j['numpy_descr'], mode='r', offset=j['offset'], shape=tuple(j['shape']))
                    print(j['name'], a.dtype, a.shape, zlib.crc32(a.tobytes()))
                """, writeLines(lines.toString()).toString());
        try (Shelf shelf = Shelf.open("np", ShelfOptions.at(directory).readOnly())) {
            for (String line : checked.lines().toList()) {
                String[] words = line.split(" ", 2);
                NdArray java = shelf.array(words[0]);
                var crc = new java.util.zip.CRC32();
                crc.update(java.segment().asByteBuffer());
                assertThat(words[1]).isEqualTo(java.dtype() + " (4, 7) " + crc.getValue());
            }
            assertThat(checked.lines()).hasSize(NUMPY_TYPES.size());
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
        Numpy.run("""
                import sys, numpy as np
                a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype='<f8', shape=(300, 131072))
                a[:] = np.arange(131072, dtype='<f8')
                a.flush()
                """, big.toString());
        assertThat(Files.size(big)).isGreaterThan(300L << 20);
        var result = ChildJvm.run(Duration.ofMinutes(3), List.of("-Xmx48m"), Jpmm.class,
                "import", big.toString(), "big", "-d", directory.toString(), "-s", "huge");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("imported").contains("float64 (300, 131072)");
        try (Shelf shelf = Shelf.open("huge", ShelfOptions.at(directory).readOnly())) {
            NdArray array = shelf.array("big");
            assertThat(array.getDouble(299, 131071)).isEqualTo(131071);
            assertThat(array.at(150).sum()).isEqualTo(131071.0 * 131072 / 2);
        }
    }

    private Path writeLines(String text) {
        try {
            return Files.writeString(directory.resolve("infos.jsonl"), text);
        } catch (java.io.IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
    }
}
