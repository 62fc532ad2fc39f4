package io.jpmm.numpy;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.MountNamespace;
import io.jpmm.testkit.Oracle;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** .npy interchange, judged by NumPy: files it wrote (npy_files.py), and live where it is installed. */
class NpyTest {
    @TempDir
    Path directory;

    static Stream<Oracle.Source> sources() {
        return Oracle.sources();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void everyFileNumpyWritesImportsBitExactInCOrder(Oracle.Source source) throws Exception {
        Path answers = Oracle.answers(source, "npy_files", directory);
        JsonNode files = Oracle.json(answers.resolve("manifest.json")).get("files");
        int fortran = 0;
        try (Shelf shelf = Shelf.open("imports", ShelfOptions.at(directory).sizeMb(16))) {
            for (JsonNode spec : files) {
                Path file = answers.resolve("read").resolve(spec.get("file").asString());
                NdArray expected = Oracle.array(spec);
                NdArray imported = Npy.importInto(shelf, spec.get("file").asString(), file, Progress.NONE);
                assertThat(imported).as("%s imported", file.getFileName()).isEqualTo(expected);
                assertThat(imported.isShelved()).isTrue();
                assertThat(Npy.load(file)).as("%s loaded", file.getFileName()).isEqualTo(expected);
                fortran += spec.get("order").asString().equals("F") ? 1 : 0;
            }
        }
        assertThat(files.size()).isGreaterThan(190);
        assertThat(fortran).as("Fortran-order files among them").isGreaterThan(50);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void exportsAreByteForByteWhatNumpySaveWrites(Oracle.Source source) throws Exception {
        Path answers = Oracle.answers(source, "npy_files", directory);
        List<String> exported = new ArrayList<>();
        for (JsonNode spec : Oracle.json(answers.resolve("manifest.json")).get("files")) {
            String name = spec.get("file").asString();
            Path ours = directory.resolve("exported-" + name);
            Npy.save(Oracle.array(spec), ours);
            assertThat(Files.readAllBytes(ours)).as(name).isEqualTo(Files.readAllBytes(answers.resolve("saved").resolve(name)));
            exported.add(ours + "\t" + answers.resolve("saved").resolve(name));
        }
        if (source == Oracle.Source.LIVE) {
            Path list = Files.write(directory.resolve("exported.tsv"), exported);
            String verdicts = Oracle.run(List.of(), """
                    import sys, numpy as np
                    for line in open(sys.argv[1]):
                        ours, theirs = line.rstrip('\\n').split('\\t')
                        a, b = np.load(ours), np.load(theirs)
                        same = a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
                        print(('OK ' if same else 'MISMATCH ') + ours)
                    """, list.toString());
            assertThat(verdicts.lines()).hasSize(exported.size()).allMatch(line -> line.startsWith("OK "));
        }
    }

    @Test
    void bfloat16ExportsAsExactFloat32() throws Exception {
        NdArray brain = NdArray.allocate(DType.BFLOAT16, 3).copyFrom(new double[] {1.5, -2.25, 3e38});
        Path file = directory.resolve("brain.npy");
        Npy.save(brain, file);
        NdArray back = Npy.load(file);
        assertThat(back.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(back.toDoubleArray()).containsExactly(brain.toDoubleArray());
        assertThat(Npy.header(file).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void importStreamsWithProgressAndBoundedMemory() throws Exception {
        Path file = directory.resolve("big.npy");
        NdArray row = NdArray.allocate(DType.FLOAT64, 1024);
        for (int i = 0; i < 1024; i++) {
            row.set(i, i);
        }
        try (var out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(NpyHeader.encode(DType.FLOAT64, Shape.of(4096, 1024))));
            for (int i = 0; i < 4096; i++) {
                row.writeTo(out);
            }
        }
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
        Path badShape = directory.resolve("shape.npy");
        Files.write(badShape, header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -3), }"));
        Path truncated = directory.resolve("truncated.npy");
        byte[] head = header("{'descr': '<f8', 'fortran_order': True, 'shape': (10, 100), }");
        Files.write(truncated, Arrays.copyOf(head, head.length + 80));
        try (Shelf shelf = Shelf.open("untouched", ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("keep", 1L);
            shelf.put("x", NdArray.of(1.0, 2.0));
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", notNpy, Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("not a .npy file");
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", badShape, Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("invalid shape");
            assertThatThrownBy(() -> Npy.importInto(shelf, "x", truncated, Progress.NONE))
                    .isInstanceOf(EOFException.class).hasMessageContaining("truncated").hasMessageContaining("8000");
            assertThatThrownBy(() -> Npy.importRaw(shelf, "x", truncated, DType.INT8, Shape.of(3), Progress.NONE))
                    .isInstanceOf(NpyFormatException.class).hasMessageContaining("needs exactly 3");
            assertThat(shelf.names()).containsExactly("keep", "x");
            assertThat(shelf.array("x").toDoubleArray()).containsExactly(1.0, 2.0);
        }
    }

    @Test
    void aReadThatFailsMidwayLeavesTheOldVariable() throws Exception {
        Path file = directory.resolve("short.npy");
        byte[] head = NpyHeader.encode(DType.FLOAT64, Shape.of(1000));
        Files.write(file, Arrays.copyOf(head, head.length + 8000));
        try (Shelf shelf = Shelf.open("midway", ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("x", NdArray.of(7.0));
            long free = shelf.freeBytes();
            try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.position(head.length);
                assertThatThrownBy(() -> shelf.put("x", DType.FLOAT64, Shape.of(2000), target -> target.readFrom(channel)))
                        .isInstanceOf(EOFException.class);
            }
            assertThat(shelf.array("x").toDoubleArray()).containsExactly(7.0);
            assertThat(shelf.freeBytes()).isEqualTo(free);
        }
    }

    @Test
    void anExportOverAnExistingFileOnAFullDiskLeavesTheOldFile() {
        var result = MountNamespace.onTmpfs(directory.resolve("small"), 6L << 20, Duration.ofMinutes(2),
                ExportOnFullDisk.class, directory.resolve("small").toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("weights.npy: no space left on device").contains("old file intact")
                .contains("no temporary files");
    }

    /**
     * The process importing a .npy file over an existing variable is killed with SIGKILL at several
     * points of the import: the shelf then holds the old variable or the new one, complete, every
     * time (the old one whenever the kill came before the end of the copy); an import that runs to
     * the end leaves the new one, complete.
     */
    @Test
    void aSigkillInTheMiddleOfAnImportLeavesTheOldVariableComplete() throws Exception {
        long elements = 8L << 20;
        Path oldFile = directory.resolve("old.npy");
        Path newFile = directory.resolve("new.npy");
        Npy.save(NdArray.allocate(DType.FLOAT64, elements).fill(1.0), oldFile);
        NdArray fresh = NdArray.allocate(DType.FLOAT64, elements);
        for (long i = 0; i < elements; i++) {
            fresh.set((double) i, i);
        }
        Npy.save(fresh, newFile);
        Path shelves = directory.resolve("shelves");
        try (Shelf shelf = Shelf.open("imports", ShelfOptions.at(shelves).sizeMb(1))) {
            Npy.importInto(shelf, "w", oldFile, Progress.NONE);
        }
        NdArray old = NdArray.allocate(DType.FLOAT64, elements).fill(1.0);
        int keptOld = 0;
        for (int killAt : new int[] {1, 30, 60, 90, 99}) {
            Process child = io.jpmm.testkit.ChildJvm.start(ImportInChild.class, shelves.toString(), "imports", "w",
                    newFile.toString());
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()))) {
                String line;
                while ((line = lines.readLine()) != null && !(line.startsWith("PROGRESS ")
                        && Integer.parseInt(line.substring("PROGRESS ".length())) >= killAt)) {
                    assertThat(line).as("the import finished before the kill at %d%%", killAt).isNotEqualTo("DONE");
                }
                child.toHandle().destroyForcibly();
                child.waitFor();
            }
            try (Shelf shelf = Shelf.open("imports", ShelfOptions.at(shelves))) {
                NdArray found = shelf.array("w");
                boolean isOld = found.equals(old);
                assertThat(isOld || found.equals(fresh)).as("killed at %d%%: the old variable or the new one, complete", killAt)
                        .isTrue();
                keptOld += isOld ? 1 : 0;
                assertThat(shelf.check().ok()).isTrue();
                if (!isOld) {
                    shelf.put("w", old);
                }
            }
        }
        assertThat(keptOld).as("kills that came in the middle of the copy").isGreaterThanOrEqualTo(3);
        var finished = io.jpmm.testkit.ChildJvm.run(Duration.ofMinutes(2), ImportInChild.class, shelves.toString(),
                "imports", "w", newFile.toString());
        assertThat(finished.stdout()).contains("DONE");
        try (Shelf shelf = Shelf.open("imports", ShelfOptions.at(shelves))) {
            assertThat(shelf.array("w").equals(fresh)).as("an import run to the end leaves the new variable").isTrue();
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
