package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfCorruptedException;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What reopening does with damaged or interrupted metadata, checked byte by byte in the file. */
class RecoveryTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("recovery.jpmm");
    }

    private Shelf open() {
        return Shelf.open("recovery", ShelfOptions.at(directory).sizeMb(1));
    }

    /** Three small arrays: each has an extent of its own (scalars would be kept in the catalog). */
    private void putThree() {
        try (Shelf shelf = open()) {
            shelf.put("a", new long[] {1});
            shelf.put("b", new long[] {2});
            shelf.put("c", new long[] {3});
        }
    }

    @Test
    void aTornLastCommitDisappearsAndItsSpaceIsFreeAgain() throws Exception {
        long usedBeforeC;
        try (Shelf shelf = open()) {
            shelf.put("a", new long[] {1});
            shelf.put("b", new long[] {2});
            usedBeforeC = shelf.usedBytes();
            shelf.put("c", new long[] {3});
        }
        List<Long> frames = ShelfFileInspector.framesOfActiveHalf(file());
        assertThat(frames).hasSize(4);
        ShelfFileInspector.flipByte(file(), frames.get(3) + 30);
        try (Shelf shelf = open()) {
            assertThat(shelf.names()).containsExactly("a", "b");
            assertThat(shelf.usedBytes()).isEqualTo(usedBeforeC);
            shelf.put("d", 4L);
        }
        try (Shelf shelf = open()) {
            assertThat(shelf.names()).containsExactly("a", "b", "d");
        }
    }

    @Test
    void aDamagedCommitFollowedByIntactOnesIsCorruptionNotATornTail() throws Exception {
        putThree();
        long damaged = ShelfFileInspector.framesOfActiveHalf(file()).get(2);
        ShelfFileInspector.flipByte(file(), damaged + 26);
        assertThatThrownBy(this::open).isInstanceOfSatisfying(ShelfCorruptedException.class, corrupted -> {
            assertThat(corrupted.offset()).isEqualTo(damaged);
            assertThat(corrupted.file()).isEqualTo(file());
            assertThat(corrupted.getMessage()).contains("later commits follow");
        });
    }

    @Test
    void aDamagedCheckpointIsCorruption() throws Exception {
        putThree();
        long checkpoint = ShelfFileInspector.framesOfActiveHalf(file()).getFirst();
        ShelfFileInspector.flipByte(file(), checkpoint + 10);
        assertThatThrownBy(this::open).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining("checkpoint").hasMessageContaining("offset " + checkpoint);
    }

    @Test
    void bothSuperblocksDamagedIsCorruptionNamingBoth() throws Exception {
        putThree();
        ShelfFileInspector.flipByte(file(), 100);
        ShelfFileInspector.flipByte(file(), Layout.SLOT_SIZE + 100);
        assertThatThrownBy(this::open).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining("no valid superblock").hasMessageContaining("slot 0").hasMessageContaining("slot 1");
    }

    @Test
    void aLostSuperblockWriteAfterACheckpointIsRolledForwardAndRepaired() throws Exception {
        try (Shelf shelf = open()) {
            for (int i = 0; i < 2000; i++) {
                shelf.put("counter", (long) i);
            }
            shelf.put("last", -1L);
        }
        Superblock latest = ShelfFileInspector.current(file());
        assertThat(latest.generation()).as("a checkpoint happened").isGreaterThan(1);
        int latestSlot = ShelfFileInspector.currentSlot(file());
        ShelfFileInspector.flipByte(file(), (long) latestSlot * Layout.SLOT_SIZE + 40);
        try (Shelf shelf = open()) {
            assertThat(shelf.longValue("counter")).isEqualTo(1999);
            assertThat(shelf.longValue("last")).isEqualTo(-1);
        }
        assertThat(ShelfFileInspector.current(file()).generation()).isEqualTo(latest.generation());
        assertThat(ShelfFileInspector.current(file()).activeHalf()).isEqualTo(latest.activeHalf());
    }

    @Test
    void aReadOnlyOpenRecoversInMemoryWithoutWriting() throws Exception {
        try (Shelf shelf = open()) {
            for (int i = 0; i < 2000; i++) {
                shelf.put("counter", (long) i);
            }
        }
        int latestSlot = ShelfFileInspector.currentSlot(file());
        ShelfFileInspector.flipByte(file(), (long) latestSlot * Layout.SLOT_SIZE + 40);
        byte[] before = ShelfFileInspector.read(file(), 0, 1 << 20);
        try (Shelf shelf = Shelf.open("recovery", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.longValue("counter")).isEqualTo(1999);
        }
        assertThat(ShelfFileInspector.read(file(), 0, 1 << 20)).isEqualTo(before);
    }

    @Test
    void aVariableOverlappingAnotherIsCorruption() throws Exception {
        putThree();
        try (Shelf shelf = open()) {
            shelf.put("x", new long[100]);
        }
        // Re-point x's extent at a's by forging a correctly checksummed PUT record.
        List<Long> frames = ShelfFileInspector.framesOfActiveHalf(file());
        var a = ((LogRecord.Put) ShelfFileInspector.recordAt(file(), frames.get(1))).entry();
        var forged = new CatalogEntry("y", a.kind(), a.dtype(), a.dims(), a.extent());
        ShelfFileInspector.appendFrame(file(), new LogRecord.Put(forged));
        assertThatThrownBy(this::open).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining("\"y\"").hasMessageContaining("overlaps");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedRecords")
    void aForgedFrameWithAValidChecksumIsCorruptionNamingFileAndOffset(String what, LogRecord forged, long extentAt)
            throws Exception {
        putThree();
        try (Shelf shelf = open()) {
            ShelfFileInspector.appendFrame(file(), forged);
            assertThat(shelf.check().ok()).as("check() of the open shelf sees the %s", what).isFalse();
        }
        // Where the damage is: the frame whose change makes no sense, or the extent that cannot be.
        long forgedAt = extentAt >= 0 ? extentAt : ShelfFileInspector.framesOfActiveHalf(file()).getLast();
        assertThatThrownBy(this::open).as(what).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining(file().toString())
                .satisfies(failure -> assertThat(((ShelfCorruptedException) failure).offset()).isEqualTo(forgedAt));
        assertThatThrownBy(() -> Shelf.open("recovery", ShelfOptions.at(directory).readOnly()))
                .isInstanceOf(ShelfCorruptedException.class);
    }

    static Stream<Arguments> forgedRecords() {
        return Stream.of(
                Arguments.of("erase of a missing variable", new LogRecord.Erase("ghost"), -1L),
                Arguments.of("rename of a missing variable", new LogRecord.Rename("ghost", "a"), -1L),
                Arguments.of("rename onto itself", new LogRecord.Rename("a", "a"), -1L),
                Arguments.of("entry off the allocation unit", new LogRecord.Put(new CatalogEntry("d", StoredKind.SCALAR,
                        StoredDType.INT64, new long[0], new Extent(64 * 1000, 8))), 64_000L),
                Arguments.of("overlapping entries", new LogRecord.Put(new CatalogEntry("d", StoredKind.ARRAY,
                        StoredDType.INT8, new long[] {1 << 20}, new Extent(Layout.DATA_START, 1 << 20))), Layout.DATA_START));
    }
}
