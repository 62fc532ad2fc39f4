package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.DieInTransaction;
import io.jpmm.testkit.HoldShelfOpen;
import io.jpmm.testkit.ProcessMappings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Readers beside a writer: snapshots, refresh, space held for them, dead readers and writers. */
class ShelfReadersTest {
    @TempDir
    Path directory;

    private ShelfOptions writerOptions() {
        return ShelfOptions.at(directory).sizeMb(2);
    }

    private ShelfOptions readerOptions() {
        return ShelfOptions.at(directory).readOnly();
    }

    @Test
    void aReaderSeesTheCatalogAsItOpenedItUntilItRefreshes() {
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.put("x", NdArray.allocate(DType.INT64, 1000).fill(1L));
            writer.put("kept", "same");
            try (Shelf reader = Shelf.open("shared", readerOptions())) {
                NdArray x = reader.array("x");
                writer.put("x", NdArray.allocate(DType.INT64, 1000).fill(2L));
                writer.put("y", 3L);
                writer.erase("kept");
                assertThat(x.toLongArray()).as("the replaced value's bytes stay intact").containsOnly(1L);
                assertThat(reader.names()).containsExactly("kept", "x");
                assertThat(reader.string("kept")).isEqualTo("same");
                reader.refresh();
                assertThat(reader.names()).containsExactly("x", "y");
                assertThat(reader.array("x").toLongArray()).containsOnly(2L);
                assertThatThrownBy(x::toLongArray).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("this reader refreshed");
            }
        }
    }

    @Test
    void referencesToUnchangedVariablesSurviveARefresh() {
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.ndarray("stable", DType.FLOAT32, 10).fill(1.5);
            try (Shelf reader = Shelf.open("shared", readerOptions())) {
                NdArray stable = reader.array("stable");
                writer.put("other", 1L);
                reader.refresh();
                assertThat(stable.toFloatArray()).containsOnly(1.5f);
                writer.array("stable").set(2.5, 0);
                assertThat(stable.getDouble(0)).as("writes in place are visible at once").isEqualTo(2.5);
            }
        }
    }

    @Test
    void aReaderRefreshingThousandsOfTimesKeepsItsMappingsBounded() throws Exception {
        // Each refresh once mapped the superblocks anew and never unmapped them: a reader following a
        // busy writer ran into vm.max_map_count (65,530) and the JVM died.
        try (Shelf writer = Shelf.open("shared", writerOptions());
             Shelf reader = Shelf.open("shared", readerOptions())) {
            writer.put("a", NdArray.allocate(DType.INT64, 100).fill(0L));
            reader.refresh();
            reader.array("a").toLongArray();
            long before = ProcessMappings.of(directory.resolve("shared.jpmm"));
            for (int step = 1; step <= 3000; step++) {
                writer.put("a", NdArray.allocate(DType.INT64, 100).fill((long) step));
                reader.refresh();
                assertThat(reader.array("a").getLong(99)).isEqualTo(step);
                reader.check();
            }
            assertThat(ProcessMappings.of(directory.resolve("shared.jpmm"))).as("mappings of the shelf file")
                    .isLessThanOrEqualTo(before + 4);
        }
    }

    @Test
    void spaceAReaderCanSeeIsNotReusedUntilItLetsGo() {
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.put("big", NdArray.allocate(DType.UINT8, 600_000).fill(7L));
            Shelf reader = Shelf.open("shared", readerOptions());
            NdArray seen = reader.array("big");
            long freeWithBig = writer.freeBytes();
            writer.erase("big");
            assertThat(writer.freeBytes()).as("held for the reader").isEqualTo(freeWithBig);
            for (int i = 0; i < 20; i++) {
                writer.put("churn" + i % 3, NdArray.allocate(DType.UINT8, 200_000).fill(i));
            }
            assertThat(seen.toLongArray()).containsOnly(7L);
            reader.close();
            writer.put("after", 1L);
            assertThat(writer.freeBytes()).as("freed once the reader closed").isGreaterThan(freeWithBig);
            assertThat(writer.check().ok()).isTrue();
        }
    }

    @Test
    void aReaderKilledWithSigkillDoesNotPinSpace() throws Exception {
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.put("big", NdArray.allocate(DType.UINT8, 600_000).fill(7L));
        }
        Process reader = ChildJvm.start(HoldShelfOpen.class, directory.toString(), "shared", "read");
        try (var output = new BufferedReader(new InputStreamReader(reader.getInputStream()));
             Shelf writer = Shelf.open("shared", writerOptions())) {
            assertThat(output.readLine()).isEqualTo("READY 1");
            long freeWithBig = writer.freeBytes();
            writer.erase("big");
            assertThat(writer.freeBytes()).as("held while the reader lives").isEqualTo(freeWithBig);
            reader.toHandle().destroyForcibly();
            reader.waitFor();
            writer.put("after", 1L);
            assertThat(writer.freeBytes()).as("freed once the reader died").isGreaterThan(freeWithBig);
        }
    }

    @Test
    void aReaderIsToldOfATransactionADeadWriterLeftUnfinishedUntilAWriterRollsItBack() {
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.ndarray("n", DType.INT64, 100).fill(1L);
            writer.put("other", 5L);
        }
        var died = ChildJvm.run(Duration.ofMinutes(1), DieInTransaction.class, directory.toString(), "shared");
        assertThat(died.exitCode()).as(died.stderr()).isZero();
        try (Shelf reader = Shelf.open("shared", readerOptions())) {
            assertThat(reader.longValue("other")).isEqualTo(5L);
            assertThatThrownBy(() -> reader.array("n")).isInstanceOf(ShelfException.class)
                    .hasMessageContaining("\"n\"").hasMessageContaining("may be half written")
                    .hasMessageContaining("Open the shelf for writing");
            try (Shelf writer = Shelf.open("shared", writerOptions())) {
                assertThat(writer.array("n").toLongArray()).containsOnly(1L);
            }
            reader.refresh();
            assertThat(reader.array("n").toLongArray()).containsOnly(1L);
        }
    }

    @Test
    void readersInThisJvmFollowAWriterThroughCheckpointsAndLogMoves() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.put("a", NdArray.allocate(DType.INT64, 10).fill(0L));
            writer.put("b", NdArray.allocate(DType.INT64, 10).fill(0L));
            var readers = new CompletableFuture<?>[2];
            for (int r = 0; r < readers.length; r++) {
                readers[r] = CompletableFuture.runAsync(() -> {
                    try (Shelf reader = Shelf.open("shared", readerOptions())) {
                        while (!done.get()) {
                            reader.refresh();
                            long a = reader.array("a").getLong(0);
                            assertThat(reader.array("b").toLongArray()).containsOnly(3 * a);
                            assertThat(reader.array("a").toLongArray()).containsOnly(a);
                            assertThat(reader.check().ok()).as(reader.check().toString()).isTrue();
                        }
                    }
                });
            }
            for (long step = 1; step <= 1500; step++) {
                long value = step;
                writer.transaction(tx -> {
                    writer.put("a", NdArray.allocate(DType.INT64, 10).fill(value));
                    writer.put("b", NdArray.allocate(DType.INT64, 10).fill(3 * value));
                    writer.put("name-" + "x".repeat(200) + value % 50, value);
                });
            }
            done.set(true);
            CompletableFuture.allOf(readers).join();
            assertThat(writer.check().ok()).isTrue();
        }
    }

    @Test
    void aBackupOfALiveShelfIsAConsistentShelf() {
        Path target = directory.resolve("copies").resolve("saved.jpmm");
        try (Shelf writer = Shelf.open("shared", writerOptions())) {
            writer.put("a", NdArray.allocate(DType.FLOAT64, 3, 4).fill(2.5));
            writer.put("s", "text");
            writer.put("n", 7L);
            java.nio.file.Files.createDirectories(target.getParent());
            try (Shelf reader = Shelf.open("shared", readerOptions())) {
                writer.put("later", 1L);
                assertThat(reader.backup(target, false)).isEqualTo(3 * 4 * 8 + 4 + 8);
            }
            assertThatThrownBy(() -> writer.backup(target, false)).isInstanceOf(ShelfException.class)
                    .hasMessageContaining("exists");
            assertThatThrownBy(() -> writer.backup(directory.resolve("bad.txt"), false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".jpmm");
        } catch (java.io.IOException failure) {
            throw new java.io.UncheckedIOException(failure);
        }
        try (Shelf copy = Shelf.open("saved", ShelfOptions.at(target.getParent()).readOnly())) {
            assertThat(copy.names()).containsExactly("a", "n", "s");
            assertThat(copy.array("a").toDoubleArray()).containsOnly(2.5);
            assertThat(copy.string("s")).isEqualTo("text");
            assertThat(copy.check().ok()).isTrue();
        }
        assertThat(target.getParent().toFile().list()).containsExactlyInAnyOrder("saved.jpmm", "saved.jpmm.lock");
    }
}
