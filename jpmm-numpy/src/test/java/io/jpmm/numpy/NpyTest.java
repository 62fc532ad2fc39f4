package io.jpmm.numpy;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.Numpy;
import io.jpmm.testkit.Samples;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .npy interchange, with NumPy itself writing and reading the files. */
class NpyTest {
    /** Every dtype NumPy has a descriptor for. */
    private static final List<DType> NUMPY_TYPES = Arrays.stream(DType.values())
            .filter(type -> type.numpyDescr().isPresent()).toList();

    @TempDir
    Path directory;

    @Test
    void everyDtypeNumpyWritesImportsBitExact() throws Exception {
        // NumPy writes random bits of every dtype, little- and big-endian, in several shapes.
        String script = """
                import sys, numpy as np
                out = sys.argv[1]
                shapes = [(), (0,), (7,), (3, 4), (2, 3, 5)]
                for descr in sys.argv[2].split(','):
                    for order in '<>':
                        d = np.dtype(descr).newbyteorder(order) if np.dtype(descr).itemsize > 1 else np.dtype(descr)
                        for i, shape in enumerate(shapes):
                            n = int(np.prod(shape)) * d.itemsize
                            raw = np.random.default_rng(i).integers(0, 256, n, dtype=np.uint8)
                            if d.kind == 'b':
                                raw = raw % 2
                            a = np.frombuffer(raw.tobytes(), dtype=d).reshape(shape)
                            name = f"{out}/{d.str.replace('<','le_').replace('>','be_').replace('|','na_')}_{i}.npy"
                            np.save(name, a)
                            np.save(name.replace('.npy', '.raw.npy'), a.astype(d.newbyteorder('<')))
                """;
        String descrs = NUMPY_TYPES.stream().map(type -> type.numpyDescr().orElseThrow()).collect(Collectors.joining(","));
        Numpy.run(script, directory.toString(), descrs);
        int imported = 0;
        try (Shelf shelf = Shelf.open("imports", ShelfOptions.at(directory).sizeMb(16))) {
            try (var files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".npy") && !f.toString().endsWith(".raw.npy")).toList()) {
                    NdArray imported1 = Npy.importInto(shelf, file.getFileName().toString(), file, Progress.NONE);
                    NdArray littleEndian = Npy.load(Path.of(file.toString().replace(".npy", ".raw.npy")));
                    assertThat(imported1).as(file.getFileName().toString()).isEqualTo(littleEndian);
                    assertThat(imported1.isShelved()).isTrue();
                    imported++;
                }
            }
        }
        long byteOrders = NUMPY_TYPES.stream().mapToLong(type -> type.itemSize() > 1 ? 2 : 1).sum();
        assertThat(imported).isEqualTo(byteOrders * 5);
    }

    @Test
    void everyDtypeJpmmExportsLoadsInNumpyWithEqualDtypeShapeAndValues() throws Exception {
        List<String> manifest = new ArrayList<>();
        List<long[]> shapes = List.of(new long[] {}, new long[] {5}, new long[] {3, 4}, new long[] {2, 0});
        for (DType dtype : NUMPY_TYPES) {
            for (int i = 0; i < shapes.size(); i++) {
                long[] shape = shapes.get(i);
                NdArray array = Samples.randomArray(dtype, dtype.ordinal(), shape);
                Path npy = directory.resolve(dtype + "_" + i + ".npy");
                Path raw = directory.resolve(dtype + "_" + i + ".bin");
                Npy.save(array, npy);
                try (var out = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    array.writeTo(out);
                }
                manifest.add(npy + "\t" + raw + "\t" + dtype.numpyDescr().orElseThrow() + "\t"
                        + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(",")));
            }
        }
        Path list = Files.write(directory.resolve("manifest.tsv"), manifest);
        String output = Numpy.run("""
                import sys, numpy as np
                for line in open(sys.argv[1]):
                    npy, raw, descr, shape = line.rstrip('\\n').split('\\t')
                    dims = tuple(int(d) for d in shape.split(',') if d)
                    a = np.load(npy)
                    b = np.fromfile(raw, dtype=descr).reshape(dims)
                    ok = a.dtype == np.dtype(descr) and a.shape == dims and a.tobytes() == b.tobytes()
                    print(('OK ' if ok else 'MISMATCH ') + npy)
                """, list.toString());
        assertThat(output.lines()).hasSize(manifest.size()).allMatch(line -> line.startsWith("OK "));
    }

    @Test
    void bfloat16ExportsAsExactFloat32() throws Exception {
        NdArray brain = NdArray.allocate(DType.BFLOAT16, 3).copyFrom(new double[] {1.5, -2.25, 3e38});
        Path file = directory.resolve("brain.npy");
        Npy.save(brain, file);
        NdArray back = Npy.load(file);
        assertThat(back.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(back.toDoubleArray()).containsExactly(brain.toDoubleArray());
        assertThat(Numpy.run("import numpy as np, sys; print(np.load(sys.argv[1]).dtype)", file.toString()).strip())
                .isEqualTo("float32");
    }

    @Test
    void headersOfAllThreeVersionsAreRead() throws Exception {
        Numpy.run("""
                import sys, numpy as np
                from numpy.lib import format as f
                a = np.arange(6, dtype='<i4').reshape(2, 3)
                for version in [(1, 0), (2, 0), (3, 0)]:
                    with open(f"{sys.argv[1]}/v{version[0]}.npy", 'wb') as out:
                        f.write_array(out, a, version=version)
                """, directory.toString());
        for (int version = 1; version <= 3; version++) {
            NdArray array = Npy.load(directory.resolve("v" + version + ".npy"));
            assertThat(array.shape()).containsExactly(2, 3);
            assertThat(array.toIntArray()).containsExactly(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void importStreamsWithProgressAndBoundedMemory() throws Exception {
        Path file = directory.resolve("big.npy");
        Numpy.run("""
                import sys, numpy as np
                a = np.lib.format.open_memmap(sys.argv[1], mode='w+', dtype='<f8', shape=(4096, 1024))
                a[:] = np.arange(1024)
                a.flush()
                """, file.toString());
        AtomicLong reported = new AtomicLong();
        try (Shelf shelf = Shelf.open("big", ShelfOptions.at(directory).sizeMb(64))) {
            NdArray array = Npy.importInto(shelf, "big", file, (done, total) -> {
                assertThat(done).isGreaterThan(reported.get()).isLessThanOrEqualTo(total);
                reported.set(done);
            });
            assertThat(reported.get()).isEqualTo(32L << 20);
            assertThat(array.getDouble(4095, 1023)).isEqualTo(1023);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<U5", "|O", "<M8[s]", "<f16", "|V4"})
    void unsupportedNumpyDtypesAreRefusedNamingTheFileAndTheDtype(String descr) throws Exception {
        Path file = directory.resolve("odd.npy");
        Files.write(file, header("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2,), }"));
        assertThatThrownBy(() -> Npy.load(file)).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(descr).hasMessageContaining("supported");
    }

    @Test
    void badFilesGetClearErrorsAndLeaveTheShelfAsItWas() throws Exception {
        Path notNpy = Files.writeString(directory.resolve("text.npy"), "hello, not numpy");
        Path fortran = directory.resolve("fortran.npy");
        Files.write(fortran, header("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }"));
        Path truncated = directory.resolve("truncated.npy");
        byte[] head = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }");
        Files.write(truncated, Arrays.copyOf(head, head.length + 80));
        try (Shelf shelf = Shelf.open("untouched", ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("keep", 1L);
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", notNpy, Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("not a .npy file");
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", fortran, Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("Fortran");
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", truncated, Progress.NONE))
                    .isInstanceOf(EOFException.class).hasMessageContaining("truncated").hasMessageContaining("8000");
            assertThatThrownBy(() -> Npy.importRaw(shelf, "x", truncated, DType.INT8, Shape.of(3), Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("needs exactly 3");
            assertThat(shelf.names()).containsExactly("keep");
        }
    }

    @Test
    void theHeaderIsPaddedTo64BytesAsNumpyWritesIt() {
        byte[] header = NpyHeader.encode(DType.FLOAT64, Shape.of(3, 4));
        assertThat(header.length % 64).isZero();
        assertThat(new String(header, 10, header.length - 10)).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }")
                .endsWith("\n");
        byte[] boolHeader = NpyHeader.encode(DType.BOOL, Shape.of(5));
        assertThat(new String(boolHeader, 10, boolHeader.length - 10)).contains("'|b1'").contains("(5,)");
    }

    /** A version 1.0 .npy header around {@code dict}, without data. */
    private static byte[] header(String dict) {
        String text = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        byte[] bytes = new byte[10 + text.length()];
        bytes[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(), 0, bytes, 1, 5);
        bytes[6] = 1;
        bytes[8] = (byte) text.length();
        bytes[9] = (byte) (text.length() >> 8);
        System.arraycopy(text.getBytes(), 0, bytes, 10, text.length());
        return bytes;
    }
}
