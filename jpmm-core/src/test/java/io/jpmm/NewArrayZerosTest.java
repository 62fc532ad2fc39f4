package io.jpmm;

import io.jpmm.testkit.StorageWrites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A new array ({@link Shelf#ndarray}) holds zeros. On ext4 with native access the shelf makes its
 * space read as zeros without writing them ({@code FALLOC_FL_ZERO_RANGE}: unwritten extents), so a
 * GiB-sized array costs a metadata change, not a GiB written; elsewhere it writes the zeros.
 */
class NewArrayZerosTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;

    @Test
    void aNewArrayInTheSpaceOfAnErasedOneReadsAsZerosAfterAReopen() {
        long elements = 8 * MIB / 8;
        try (Shelf shelf = Shelf.open("reuse", ShelfOptions.at(directory).sizeMb(32))) {
            shelf.ndarray("old", DType.FLOAT64, elements).fill(7.5).persist();
            VariableLocation old = shelf.location("old").orElseThrow();
            shelf.erase("old");
            NdArray fresh = shelf.ndarray("new", DType.FLOAT64, elements);
            VariableLocation reused = shelf.location("new").orElseThrow();
            assertThat(reused.offset()).as("the new array reuses the erased one's space")
                    .isLessThan(old.offset() + old.byteSize());
            assertThat(reused.offset() + reused.byteSize()).isGreaterThan(old.offset());
            assertZeros(fresh);
            fresh.set(1.0, 3);
        }
        try (Shelf shelf = Shelf.open("reuse", ShelfOptions.at(directory))) {
            NdArray reopened = shelf.array("new");
            assertThat(reopened.getDouble(3)).isEqualTo(1.0);
            reopened.set(0.0, 3);
            assertZeros(reopened);
        }
    }

    @Test
    void aNewArrayOnExt4IsNotWrittenAsZeros() throws IOException {
        assumeTrue("ext4".equals(Files.getFileStore(directory).type()), "zeroing without writing is for ext4");
        try (Shelf shelf = Shelf.open("big", ShelfOptions.at(directory).sizeMb(600))) {
            shelf.ndarray("warm", DType.UINT8, 4096);
            long before = StorageWrites.bytesSent();
            NdArray big = shelf.ndarray("big", DType.FLOAT64, 256L * MIB / 8);
            assertThat(StorageWrites.bytesSent() - before).as("bytes sent to storage for a new 256 MiB array")
                    .isLessThan(16L * MIB);
            assertZeros(big);
        }
    }

    @Test
    void aNewArrayNeverZeroesAnotherFileThatTookTheShelfsName() throws IOException {
        try (Shelf shelf = Shelf.open("renamed", ShelfOptions.at(directory).sizeMb(32))) {
            shelf.ndarray("old", DType.FLOAT64, MIB / 8).fill(7.5).persist();
            shelf.erase("old");
            Path shelfFile = directory.resolve("renamed.jpmm");
            byte[] pattern = new byte[(int) Files.size(shelfFile)];
            Arrays.fill(pattern, (byte) 0x5A);
            Path other = Files.write(directory.resolve("other"), pattern);
            // The shelf's file stays open, without a name; another file now has that name.
            Files.move(other, shelfFile, StandardCopyOption.REPLACE_EXISTING);

            assertZeros(shelf.ndarray("new", DType.FLOAT64, MIB / 8));
            assertThat(Files.readAllBytes(shelfFile)).as("the file that took the shelf's name").isEqualTo(pattern);
        }
    }

    @Test
    void aNewArrayInAShelfWhoseFileWasDeletedIsStillMadeOfZeros() throws IOException {
        try (Shelf shelf = Shelf.open("deleted", ShelfOptions.at(directory).sizeMb(32))) {
            shelf.put("kept", 42L);
            // The file stays open and mapped without a name: the shelf keeps working until it closes.
            Files.delete(directory.resolve("deleted.jpmm"));

            assertZeros(shelf.ndarray("new", DType.FLOAT64, MIB / 8));
            assertThat(shelf.get("kept")).isEqualTo(42L);
        }
    }

    private static void assertZeros(NdArray array) {
        assertThat(array.min().getDouble()).isZero();
        assertThat(array.max().getDouble()).isZero();
    }
}
