package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfCorruptedException;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    private void putThree() {
        try (Shelf shelf = open()) {
            shelf.put("a", 1L);
            shelf.put("b", 2L);
            shelf.put("c", 3L);
        }
    }

    @Test
    void aTornLastCommitDisappearsAndItsSpaceIsFreeAgain() throws Exception {
        long usedBeforeC;
        try (Shelf shelf = open()) {
            shelf.put("a", 1L);
            shelf.put("b", 2L);
            usedBeforeC = shelf.usedBytes();
            shelf.put("c", 3L);
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
        Superblock superblock = ShelfFileInspector.current(file());
        long halfOffset = superblock.halfOffset(superblock.activeHalf());
        var half = java.lang.foreign.MemorySegment.ofArray(
                ShelfFileInspector.read(file(), halfOffset, (int) superblock.halfCapacity()));
        var a = ((LogRecord.Put) ((RecordCodec.Read.Frame) RecordCodec.read(half, frames.get(1) - halfOffset)).record()).entry();
        var forged = new CatalogEntry("y", a.kind(), a.dtype(), a.dims(), a.extent());
        long tail = frames.getLast() - halfOffset;
        tail += Layout.alignUp(((RecordCodec.Read.Frame) RecordCodec.read(half, tail)).length(), superblock.frameAlignment());
        long sequence = superblock.startSequence() + frames.size();
        ShelfFileInspector.write(file(), halfOffset + tail, RecordCodec.encode(new LogRecord.Put(forged), sequence));
        assertThatThrownBy(this::open).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining("\"y\"").hasMessageContaining("overlaps");
    }
}
