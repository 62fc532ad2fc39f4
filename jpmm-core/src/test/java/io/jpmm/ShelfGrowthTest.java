package io.jpmm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shelf grows when a put needs room, by appending regions, so that references taken before keep
 * working; it stops at its maximum size or when the disk is full, with a clear exception; compact()
 * gives space at the end back.
 */
class ShelfGrowthTest {
    private static final long MIB = 1 << 20;
    /** The size of the array a 1 MiB shelf grows for; -Djpmm.growthGiB=20 for the 20 GB case. */
    private static final long GROWTH_BYTES = Long.getLong("jpmm.growthGiB", 3) << 30;

    @TempDir
    Path directory;

    private Shelf open(ShelfOptions options) {
        return Shelf.open("growing", options);
    }

    @Test
    void aOneMegabyteShelfGrowsToGigabytesAndReferencesTakenBeforeKeepWorking() throws Exception {
        Path file = directory.resolve("growing.jpmm");
        try (Shelf shelf = open(ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("small", NdArray.copyOf(new long[] {1, 2, 3}));
            NdArray small = shelf.array("small");
            NdArray inPlace = shelf.ndarray("inPlace", DType.INT32, 5000).fill(7);
            long initial = Files.size(file);
            // An array larger than the whole shelf and than any region it has: it gets a region of its own.
            NdArray big = shelf.put("big", DType.INT8, Shape.of(GROWTH_BYTES), target -> {
                target.set(11L, 0);
                target.set(12L, GROWTH_BYTES - 1);
            });
            for (int i = 0; i < 20; i++) {
                shelf.put("more" + i, NdArray.allocate(DType.FLOAT64, 100_000).fill(i));
            }
            assertThat(Files.size(file)).isGreaterThan(GROWTH_BYTES).isGreaterThan(initial);
            assertThat(shelf.capacityBytes()).isGreaterThan(GROWTH_BYTES);
            // References from before the growth read and write as before.
            assertThat(small.toLongArray()).containsExactly(1, 2, 3);
            inPlace.set(8L, 4999);
            inPlace.persist();
            assertThat(big.getLong(GROWTH_BYTES - 1)).isEqualTo(12);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
        try (Shelf shelf = open(ShelfOptions.at(directory))) {
            assertThat(shelf.array("inPlace").getLong(4999)).isEqualTo(8);
            assertThat(shelf.array("big").getLong(0)).isEqualTo(11);
            assertThat(shelf.array("more19").getDouble(99_999)).isEqualTo(19);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
            shelf.erase("big");
            for (int i = 0; i < 20; i++) {
                shelf.erase("more" + i);
            }
            long given = shelf.compact();
            assertThat(given).isGreaterThan(GROWTH_BYTES);
            assertThat(Files.size(file)).isLessThan(8 * MIB);
            assertThat(shelf.array("small").toLongArray()).containsExactly(1, 2, 3);
            shelf.put("afterCompact", NdArray.allocate(DType.INT8, 3 * MIB).fill(5));
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
        try (Shelf shelf = open(ShelfOptions.at(directory))) {
            assertThat(shelf.names()).containsExactly("afterCompact", "inPlace", "small");
            assertThat(shelf.array("afterCompact").getLong(3 * MIB - 1)).isEqualTo(5);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void replacingAVariableNeedsNoRoomForBothCopiesAheadOfTime() {
        try (Shelf shelf = open(ShelfOptions.at(directory).sizeMb(8))) {
            NdArray array = NdArray.allocate(DType.FLOAT64, 500_000).fill(1.0);
            shelf.put("x", array);
            shelf.put("x", array.fill(2.0));
            assertThat(shelf.array("x").getDouble(499_999)).isEqualTo(2.0);
        }
    }

    @Test
    void theMaximumSizeIsTheLimitAndAFullShelfSaysNeededAndAvailableAndStaysUsable() throws Exception {
        try (Shelf shelf = open(ShelfOptions.at(directory).sizeMb(1).maxSizeMb(4))) {
            shelf.put("a", NdArray.allocate(DType.INT8, (int) (2 * MIB)).fill(1));
            assertThat(Files.size(directory.resolve("growing.jpmm"))).isLessThanOrEqualTo(4 * MIB);
            assertThatThrownBy(() -> shelf.put("b", NdArray.allocate(DType.INT8, (int) (2 * MIB))))
                    .isInstanceOfSatisfying(ShelfFullException.class, full -> {
                        assertThat(full.neededBytes()).isGreaterThanOrEqualTo(2 * MIB);
                        assertThat(full.freeBytes()).isLessThan(full.neededBytes());
                        assertThat(full.getMessage()).contains("\"b\"").contains("maximum size of " + 4 * MIB);
                    });
            shelf.put("c", 1L);
            assertThat(shelf.names()).containsExactly("a", "c");
        }
    }

    @Test
    void aShelfGrowsOnlyAsFarAsItsDiskAllows() {
        var result = io.jpmm.testkit.MountNamespace.onTmpfs(directory.resolve("small"), 16 * MIB,
                java.time.Duration.ofMinutes(1), GrowOnFullDisk.class, directory.resolve("small").toString());
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("full: ").contains("no space left on device").contains("still usable");
    }

    /** Child main on a 16 MiB tmpfs: a shelf grows until the disk is full, then is still usable. */
    public static final class GrowOnFullDisk {
        public static void main(String[] args) {
            try (Shelf shelf = Shelf.open("disk", ShelfOptions.at(Path.of(args[0])).sizeMb(1))) {
                try {
                    for (int i = 0; ; i++) {
                        shelf.put("x" + i, NdArray.allocate(DType.INT8, (int) (2 * MIB)).fill(1));
                    }
                } catch (ShelfFullException full) {
                    System.out.println("full: " + full.getMessage());
                }
                shelf.erase("x0");
                shelf.put("y", NdArray.allocate(DType.INT8, (int) MIB).fill(2));
                System.out.println(shelf.check().ok() ? "still usable" : "DAMAGED " + shelf.check());
            }
        }
    }
}
