package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log that moves onto space an erased variable used finds that variable's bytes there. Bytes
 * that look exactly like the frame the log expects next (right length, checksum and sequence
 * number) are still not frames of this log: they must not erase anything after a reopen, nor make
 * the shelf refuse to open.
 */
class StaleFrameTest {
    private static final int BAIT_BYTES = 512 << 10;

    @TempDir
    Path directory;

    @Test
    void bytesOfAnErasedVariableThatLookLikeFramesAreNeverReadAsCommits() throws Exception {
        // A dry run of the same workload tells where the log moves and which sequence number it expects next.
        var dryRun = run(directory.resolve("dry"), null);
        long expected = dryRun.startSequence() + 1;
        byte[] forged = RecordCodec.encode(new LogRecord.Erase("victim"), expected, CommitLog.newNonce());
        ByteBuffer bait = ByteBuffer.allocate(BAIT_BYTES);
        for (int position = 0; position + forged.length <= BAIT_BYTES; position += 4096) {
            bait.put(position, forged);
        }
        Superblock real = run(directory.resolve("real"), bait.array());
        assertThat(real.logPair()).as("the log moved onto the bait's space, as in the dry run").isEqualTo(dryRun.logPair());
        try (Shelf shelf = Shelf.open("stale", ShelfOptions.at(directory.resolve("real")))) {
            assertThat(shelf.contains("victim")).isTrue();
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }

    /** Puts a bait, a victim, erases the bait and commits until the log moves; returns the superblock. */
    private static Superblock run(Path at, byte[] baitBytes) throws Exception {
        try (Shelf shelf = Shelf.open("stale", ShelfOptions.at(at).sizeMb(4))) {
            shelf.put("bait", baitBytes != null ? baitBytes : new byte[BAIT_BYTES]);
            shelf.put("victim", 42L);
            shelf.erase("bait");
            Extent initialPair = ShelfFileInspector.current(at.resolve("stale.jpmm")).logPair();
            String longName = "n".repeat(250);
            for (int i = 0; ShelfFileInspector.current(at.resolve("stale.jpmm")).logPair().equals(initialPair); i++) {
                // Empty arrays take no space, so the catalog grows without filling the bait's hole.
                shelf.put(longName.substring(0, 200) + i, new long[0]);
            }
        }
        return ShelfFileInspector.current(at.resolve("stale.jpmm"));
    }
}
