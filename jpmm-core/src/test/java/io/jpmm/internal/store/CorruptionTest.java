package io.jpmm.internal.store;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfCorruptedException;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ScriptedWorkload;
import io.jpmm.testkit.StateOracle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Damaged shelf files: truncated at every 4 KiB boundary, every metadata byte zeroed and flipped,
 * random garbage. Every open either shows a state the shelf really had at some commit, or throws
 * {@link ShelfCorruptedException} naming the file, quickly; never another exception, a JVM error or
 * a hang.
 */
class CorruptionTest {
    private static final long SLOW_OPEN_NANOS = 2_000_000_000L;

    @TempDir
    Path directory;

    private Path file;
    private final Set<String> history = new HashSet<>();
    private String latest;
    private int opens;
    private int corrupted;
    private int olderStates;

    @BeforeEach
    void buildAShelfAndRecordEveryCommittedState() {
        var ops = ScriptedWorkload.random(41, 40, 5, 3, false);
        var oracle = new StateOracle();
        ShelfOptions options = ShelfOptions.at(directory).sizeMb(1);
        try (Shelf shelf = Shelf.open("damaged", options)) {
            history.add(describe(shelf));
            for (var op : ops) {
                oracle.begin(op);
                try {
                    ScriptedWorkload.perform(shelf, op, forceNew -> shelf);
                } catch (io.jpmm.NoSuchVariableException | io.jpmm.ShelfFullException refused) {
                    // nothing changed
                }
                history.add(describe(shelf));
            }
            latest = describe(shelf);
        }
        file = directory.resolve("damaged.jpmm");
    }

    @Test
    void truncatedAtEvery4KiBBoundaryIsReportedAsCorruption() throws IOException {
        byte[] original = Files.readAllBytes(file);
        for (long length = 0; length < original.length; length += 4096) {
            try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
            long truncatedTo = length;
            openExpectingStateOrCorruption("truncated to " + length, outcome -> assertThat(outcome)
                    .as("truncated to %d", truncatedTo).isInstanceOf(ShelfCorruptedException.class));
            Files.write(file, original);
        }
        report("truncations");
        assertThat(corrupted).isEqualTo(opens);
    }

    @Test
    void everySuperblockAndLogByteZeroedOrFlippedGivesACommittedStateOrCorruption() throws Exception {
        byte[] original = Files.readAllBytes(file);
        List<Long> offsets = metadataOffsets();
        for (long offset : offsets) {
            for (int mutation = 0; mutation < 2; mutation++) {
                byte changed = mutation == 0 ? 0 : (byte) ~original[(int) offset];
                if (changed == original[(int) offset]) {
                    continue;
                }
                ShelfFileInspector.write(file, offset, new byte[] {changed});
                openExpectingStateOrCorruption("byte " + offset + " set to " + changed, outcome -> { });
                ShelfFileInspector.write(file, offset, new byte[] {original[(int) offset]});
            }
        }
        report("byte mutations");
        assertThat(corrupted).isPositive();
        assertThat(opens - corrupted).isPositive();
    }

    @Test
    void randomGarbageAndEmptyFilesAreNeverTakenForShelves() throws IOException {
        var random = new Random(3);
        byte[] valid = Files.readAllBytes(file);
        for (int attempt = 0; attempt < 300; attempt++) {
            int length = attempt % 3 == 0 ? random.nextInt(16384) : random.nextInt(1 << 20);
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            if (attempt % 5 == 0 && length > 64) {
                System.arraycopy(valid, 0, garbage, 0, Math.min(length, 8192 + random.nextInt(4096)));
            }
            Files.write(file, garbage);
            openExpectingStateOrCorruption("garbage " + attempt, outcome -> { });
        }
        report("garbage files");
    }

    /** The superblocks, both log halves' first write unit, and every frame of the active half plus a bit. */
    private List<Long> metadataOffsets() throws Exception {
        List<Long> offsets = new ArrayList<>();
        for (long offset = 0; offset < Layout.DATA_START; offset++) {
            offsets.add(offset);
        }
        Superblock superblock = ShelfFileInspector.current(file);
        for (int half = 0; half < 2; half++) {
            for (long offset = 0; offset < 256; offset++) {
                offsets.add(superblock.halfOffset(half) + offset);
            }
        }
        for (long frame : ShelfFileInspector.framesOfActiveHalf(file)) {
            for (long offset = 0; offset < 160; offset++) {
                offsets.add(frame + offset);
            }
        }
        return offsets.stream().distinct().sorted().toList();
    }

    private void openExpectingStateOrCorruption(String damage, java.util.function.Consumer<Object> extraCheck) {
        opens++;
        long start = System.nanoTime();
        Object outcome;
        try (Shelf shelf = Shelf.open("damaged", ShelfOptions.at(directory).readOnly())) {
            String state = describe(shelf);
            assertThat(history).as("%s opened as a state the shelf never committed: %s", damage, state).contains(state);
            olderStates += state.equals(latest) ? 0 : 1;
            outcome = state;
        } catch (ShelfCorruptedException expected) {
            assertThat(expected.file()).isEqualTo(file);
            assertThat(expected.getMessage()).contains(file.toString()).contains("offset");
            corrupted++;
            outcome = expected;
        } catch (AssertionError wrongState) {
            throw wrongState;
        } catch (Throwable unexpected) {
            fail(damage + " led to " + unexpected, unexpected);
            return;
        }
        long elapsed = System.nanoTime() - start;
        assertThat(elapsed).as("opening with %s took %d ms", damage, elapsed / 1_000_000).isLessThan(SLOW_OPEN_NANOS);
        extraCheck.accept(outcome);
    }

    private void report(String what) {
        System.out.printf("CorruptionTest, %s: %d opens, %d reported as corruption, %d showed an older committed state,"
                + " the rest the latest%n", what, opens, corrupted, olderStates);
    }

    /** Every variable's name, kind, dtype, shape and content, in one comparable string. */
    private static String describe(Shelf shelf) {
        var state = new TreeMap<String, String>();
        for (var info : shelf.variables()) {
            Object value = shelf.get(info.name());
            String content = switch (value) {
                case NdArray array -> Arrays.toString(array.toLongArray());
                case byte[] bytes -> Arrays.toString(bytes);
                default -> String.valueOf(value);
            };
            state.put(info.name(), info + "=" + content);
        }
        return state.toString();
    }
}
