package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint rewrites the whole catalog, small values included. When one fills more than a
 * quarter of a log half, the log moves to a pair whose halves hold it four times over, so that
 * checkpoints stay a small share of the commits; never to more than a sixteenth of the shelf.
 */
class CheckpointShareTest {
    private static final int VALUES = 100;

    @TempDir
    Path directory;

    @Test
    void aLogWhoseCheckpointsFillAQuarterOfAHalfMovesToARoomierPair() throws Exception {
        Path file = directory.resolve("values.jpmm");
        try (Shelf shelf = Shelf.open("values", ShelfOptions.at(directory))) {
            long initialHalf = ShelfFileInspector.current(file).logPair().length() / 2;
            putRounds(shelf, VALUES, 4096, 8);
            long half = ShelfFileInspector.current(file).logPair().length() / 2;
            assertThat(half).as("log half after %d values of 4 KiB (it began at %d bytes)", VALUES, initialHalf)
                    .isGreaterThanOrEqualTo(4L * VALUES * 4096);
            assertThat(2 * half).isLessThanOrEqualTo(ShelfOptions.DEFAULT_SIZE_BYTES / 16);
        }
        assertValuesSurviveAReopen(VALUES, 4096);
    }

    @Test
    void theLogDoesNotMoveForThatToMoreThanASixteenthOfTheShelf() throws Exception {
        Path file = directory.resolve("values.jpmm");
        try (Shelf shelf = Shelf.open("values", ShelfOptions.at(directory).sizeMb(4))) {
            // 12 values of 4 KiB: a checkpoint of about 50 KiB, more than a quarter of the 128 KiB
            // halves a sixteenth of 4 MiB allows, and not half of one, which would force a move.
            putRounds(shelf, 12, 4096, 8);
            assertThat(ShelfFileInspector.current(file).logPair().length()).isEqualTo((4L << 20) / 16);
        }
        assertValuesSurviveAReopen(12, 4096);
    }

    private static void putRounds(Shelf shelf, int values, int bytes, int rounds) {
        byte[] value = new byte[bytes];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < values; i++) {
                value[0] = (byte) round;
                value[bytes - 1] = (byte) i;
                shelf.put("k" + i, value);
            }
        }
    }

    private void assertValuesSurviveAReopen(int values, int bytes) {
        try (Shelf shelf = Shelf.open("values", ShelfOptions.at(directory))) {
            for (int i = 0; i < values; i++) {
                byte[] value = shelf.bytes("k" + i);
                assertThat(value).hasSize(bytes);
                assertThat(value[bytes - 1]).isEqualTo((byte) i);
            }
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }
}
