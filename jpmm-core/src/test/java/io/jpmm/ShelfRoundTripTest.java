package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Samples;
import io.jpmm.testkit.VerifyShelf;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ShelfRoundTripTest {
    @TempDir
    Path directory;

    @Test
    void everyDtypeAndEveryPutableTypeSurvivesReopeningInAnotherJvmBitExact() {
        try (Shelf shelf = Shelf.open("roundtrip", ShelfOptions.at(directory).sizeMb(4))) {
            for (DType dtype : DType.values()) {
                shelf.put(VerifyShelf.arrayName(dtype),
                        Samples.randomArray(dtype, VerifyShelf.ARRAY_SEED + dtype.ordinal(), VerifyShelf.ARRAY_SHAPE));
            }
            Samples.javaValues().forEach(shelf::put);
        }

        var result = ChildJvm.run(Duration.ofMinutes(1), VerifyShelf.class, directory.toString(), "roundtrip");

        List<String> expected = new ArrayList<>();
        for (DType dtype : DType.values()) {
            expected.add("OK " + VerifyShelf.arrayName(dtype));
        }
        Samples.javaValues().keySet().forEach(name -> expected.add("OK " + name));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void arraysCreatedInPlaceAndWrittenInPlaceAreThereAfterReopen() {
        try (Shelf shelf = Shelf.open("inplace", ShelfOptions.at(directory).sizeMb(4))) {
            NdArray x = shelf.ndarray("x", DType.INT64, 100, 100);
            x.set(9L, 1, 1);
            x.at(50).fill(-7);
        }
        try (Shelf shelf = Shelf.open("inplace", ShelfOptions.at(directory))) {
            NdArray x = shelf.array("x");
            assertThat(x.getLong(1, 1)).isEqualTo(9);
            assertThat(x.at(50).toLongArray()).containsOnly(-7);
            assertThat(x.sum().getLong()).isEqualTo(9 - 7 * 100);
        }
    }

    @Test
    void readFromFillsTheShelvedArrayStraightFromAChannel() throws Exception {
        Path data = directory.resolve("array.dat");
        double[] values = new double[1000];
        Arrays.setAll(values, i -> i * 0.5);
        try (var out = FileChannel.open(data, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            NdArray.of(values).writeTo(out);
        }
        try (Shelf shelf = Shelf.open("io", ShelfOptions.at(directory).sizeMb(4));
             var in = FileChannel.open(data)) {
            shelf.ndarray("x", DType.FLOAT64, 10, 100).readFrom(in);
        }
        try (Shelf shelf = Shelf.open("io", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.array("x").toDoubleArray()).containsExactly(values);
        }
    }

    /**
     * A shelved array written to a file goes file to file in the kernel: the bytes are the array's,
     * in-place writes not yet persisted included (the mapping and the file share the page cache), a
     * contiguous view writes only its part, and a strided view takes the element-by-element path.
     */
    @Test
    void writeToAFileCopiesTheShelvedBytesInPlaceWritesIncluded() throws Exception {
        try (Shelf shelf = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(8))) {
            NdArray x = shelf.ndarray("x", DType.INT32, 300, 1000);
            for (int row = 0; row < 300; row++) {
                x.at(row).fill(row * 3L);
            }
            x.set(-9L, 299, 999);
            NdArray[] views = {x, x.slice(0, 100, 200), x.slice(1, 0, 1000, 3)};
            for (NdArray view : views) {
                Path file = directory.resolve("out.bin");
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    view.writeTo(out);
                    assertThat(out.position()).isEqualTo(3 + view.byteSize());
                }
                byte[] written = java.nio.file.Files.readAllBytes(file);
                var expected = new java.io.ByteArrayOutputStream();
                view.copy().writeTo(java.nio.channels.Channels.newChannel(expected));
                assertThat(Arrays.copyOfRange(written, 3, written.length)).isEqualTo(expected.toByteArray());
            }
        }
    }

    /**
     * A put whose bytes lie in one piece off the Java heap (a DRAM array, a direct buffer, a shelved
     * array, a contiguous view) is written through the file rather than the new space's mapping; other
     * values (strided views, Java arrays) through the mapping. Both read back exactly, in this JVM and
     * after a reopen, and the source shelf's array is unchanged.
     */
    @Test
    void putsWrittenThroughTheFileOrTheMappingReadBackExactly() {
        ShelfOptions options = ShelfOptions.at(directory).sizeMb(16);
        NdArray dram = NdArray.allocate(DType.FLOAT64, 600, 1000);
        for (int row = 0; row < 600; row++) {
            dram.at(row).fill(row + 0.25);
        }
        java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(300_001);
        for (int i = 0; i < direct.capacity(); i++) {
            direct.put(i, (byte) (i * 31));
        }
        try (Shelf shelf = Shelf.open("through", options)) {
            shelf.put("dram", dram);
            shelf.put("direct", direct);
            NdArray shelved = shelf.array("dram");
            shelf.put("shelved", shelved);
            shelf.put("rows", shelved.slice(0, 100, 350));
            shelf.put("strided", shelved.slice(1, 1, 1000, 7));
            shelf.put("heap", dram.at(5).toDoubleArray());
            assertThat(shelf.array("shelved").toDoubleArray()).isEqualTo(dram.toDoubleArray());
        }
        try (Shelf shelf = Shelf.open("through", options)) {
            assertThat(shelf.array("dram").toDoubleArray()).isEqualTo(dram.toDoubleArray());
            assertThat(shelf.array("shelved").toDoubleArray()).isEqualTo(dram.toDoubleArray());
            assertThat(shelf.array("rows").toDoubleArray()).isEqualTo(dram.slice(0, 100, 350).toDoubleArray());
            assertThat(shelf.array("strided").toDoubleArray()).isEqualTo(dram.slice(1, 1, 1000, 7).toDoubleArray());
            assertThat(shelf.array("heap").toDoubleArray()).isEqualTo(dram.at(5).toDoubleArray());
            byte[] expected = new byte[direct.capacity()];
            direct.get(0, expected);
            assertThat(shelf.bytes("direct")).isEqualTo(expected);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }

    @Test
    void putsAndImportsOfSeveralStepsWrittenBehindReadBackExactly() throws Exception {
        // 40 MiB goes through the file in three steps, the disk starting on each as it is copied.
        int elements = 5 << 20;
        NdArray dram = NdArray.allocate(DType.FLOAT64, elements);
        for (int i = 0; i < elements; i += 997) {
            dram.set(i * 0.5, i);
        }
        dram.set(-1.0, elements - 1);
        Path raw = directory.resolve("source.raw");
        try (FileChannel out = FileChannel.open(raw, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            dram.writeTo(out);
        }
        ShelfOptions options = ShelfOptions.at(directory).sizeMb(16);
        try (Shelf shelf = Shelf.open("behind", options); FileChannel in = FileChannel.open(raw)) {
            shelf.put("put", dram);
            shelf.put("imported", DType.FLOAT64, Shape.of(elements), in, done -> { });
        }
        try (Shelf shelf = Shelf.open("behind", options)) {
            assertThat(shelf.array("put").toDoubleArray()).isEqualTo(dram.toDoubleArray());
            assertThat(shelf.array("imported").toDoubleArray()).isEqualTo(dram.toDoubleArray());
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }
}
