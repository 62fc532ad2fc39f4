package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.CrashingMedium;
import io.jpmm.testkit.HoldShelfOpen;
import io.jpmm.testkit.PairedTransactions;
import io.jpmm.testkit.ScriptRunner;
import io.jpmm.testkit.StateOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process dies at a step of the commit protocol: just before or just after a file is created,
 * renamed or deleted, a directory synced, a range persisted, the file grown ({@link CrashingMedium}).
 * The shelf then holds every acknowledged operation and the one in flight entirely or not at all.
 */
class CrashPointTest {
    /** Checkpoints and a log move: many long names, no recreation. */
    private static final String[] LOG_SCRIPT = {"crash", "4096", "31", "400", "300", "250", "false"};
    /** Recreations of the shelf file among puts and erases. */
    private static final String[] FILE_SCRIPT = {"crash", "1024", "32", "300", "6", "2", "true"};
    /** Every step up to here, then samples spread over the rest. */
    private static final int EVERY_STEP_UP_TO = 12;
    private static final int SAMPLES = 14;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"log", "file"})
    void dyingAtAStepLosesNothingAcknowledged(String script) throws Exception {
        String[] workload = script.equals("log") ? LOG_SCRIPT : FILE_SCRIPT;
        var whole = ChildJvm.run(Duration.ofMinutes(2), ScriptRunner.class, runnerArgs(directory.resolve("whole"), workload));
        assertThat(whole.exitCode()).as(whole.stderr()).isZero();
        int steps = Integer.parseInt(whole.lines().getLast().substring("STEPS ".length()));
        var points = new TreeSet<Integer>();
        for (int step = 1; step <= Math.min(steps, EVERY_STEP_UP_TO); step++) {
            points.add(step);
        }
        for (int sample = 0; sample < SAMPLES; sample++) {
            points.add(EVERY_STEP_UP_TO + 1 + (int) ((long) sample * (steps - EVERY_STEP_UP_TO - 1) / SAMPLES));
        }
        for (int point : points) {
            Path shelfDirectory = Files.createDirectories(directory.resolve(script + "-" + point));
            String[] args = runnerArgs(shelfDirectory, workload);
            var result = ChildJvm.run(Duration.ofMinutes(2), List.of("-D" + CrashingMedium.PROPERTY + "=" + point),
                    ScriptRunner.class, args);
            assertThat(result.exitCode()).as("step %d of %d: %s", point, steps, result.stderr()).isEqualTo(CrashingMedium.EXIT_CODE);
            var oracle = new StateOracle();
            ScriptRunner.replay(result.lines(), ScriptRunner.script(args), oracle);
            for (int open = 0; open < 2; open++) {
                try (Shelf shelf = Shelf.open("crash", ShelfOptions.at(shelfDirectory))) {
                    oracle.check(shelf, false);
                    assertThat(shelf.check().ok()).as("step %d: %s", point, shelf.check()).isTrue();
                }
            }
        }
        System.out.printf("CrashPointTest, %s script: %d steps, died at %d of them and recovered each time%n", script,
                steps, points.size());
    }

    /**
     * Transactions that move two arrays together, roll back every fourth time, and replace an array
     * with each commit: dying at every step of the first rounds (tracking, commit, rollback) and at
     * samples of the rest leaves {@code m == 3 n} and the last acknowledged commit or the next.
     */
    @Test
    void dyingAtAStepOfATransactionLeavesBothArraysOrNeither() throws Exception {
        String[] args = {"12", "3000"};
        var whole = ChildJvm.run(Duration.ofMinutes(2), PairedTransactions.class,
                directory.resolve("whole").toString(), PairedTransactions.SHELF, args[0], args[1]);
        assertThat(whole.exitCode()).as(whole.stderr()).isZero();
        int steps = Integer.parseInt(whole.lines().getLast().substring("STEPS ".length()));
        var points = new TreeSet<Integer>();
        for (int step = 1; step <= Math.min(steps, 4 * EVERY_STEP_UP_TO); step++) {
            points.add(step);
        }
        for (int sample = 0; sample < SAMPLES; sample++) {
            points.add(4 * EVERY_STEP_UP_TO + 1 + (int) ((long) sample * (steps - 4 * EVERY_STEP_UP_TO - 1) / SAMPLES));
        }
        int rolledBack = 0;
        for (int point : points) {
            Path shelfDirectory = Files.createDirectories(directory.resolve("tx-" + point));
            var result = ChildJvm.run(Duration.ofMinutes(2), List.of("-D" + CrashingMedium.PROPERTY + "=" + point),
                    PairedTransactions.class, shelfDirectory.toString(), PairedTransactions.SHELF, args[0], args[1]);
            assertThat(result.exitCode()).as("step %d of %d: %s", point, steps, result.stderr()).isEqualTo(CrashingMedium.EXIT_CODE);
            long acknowledged = result.lines().stream().filter(line -> line.startsWith("COMMITTED "))
                    .mapToLong(line -> Long.parseLong(line.substring("COMMITTED ".length()))).max().orElse(0);
            for (int open = 0; open < 2; open++) {
                try (Shelf shelf = Shelf.open(PairedTransactions.SHELF, ShelfOptions.at(shelfDirectory))) {
                    PairedTransactions.verify(shelf, acknowledged);
                    assertThat(shelf.check().ok()).as("step %d: %s", point, shelf.check()).isTrue();
                }
            }
        }
        System.out.printf("CrashPointTest, transactions: %d steps, died at %d of them and recovered each time%n",
                steps, points.size());
    }

    @Test
    void crashesDuringRecoveryAreHarmlessAndRecoveryConverges() throws Exception {
        try (Shelf shelf = Shelf.open("recovering", ShelfOptions.at(directory).sizeMb(1))) {
            for (int i = 0; i < 40; i++) {
                shelf.put("counter", (long) i);
            }
            shelf.put("text", "kept");
        }
        Path file = directory.resolve("recovering.jpmm");
        int current = ShelfFileInspector.currentSlot(file);
        ShelfFileInspector.flipByte(file, (long) current * Layout.SLOT_SIZE + 40);
        byte[] damaged = ShelfFileInspector.read(file, 0, (int) Files.size(file));
        // A writer's open repairs the damaged slot with one superblock write, whose persist is steps
        // 1 and 2 of the medium. The process dies at it: the superblock it wrote into the mapping
        // stays in the page cache (a process crash, unlike a power loss, keeps what was written), so
        // the next open finds nothing left to repair and goes through.
        int[] crashes = {1, -1};
        for (int crashAt : crashes) {
            var result = ChildJvm.run(Duration.ofMinutes(1), List.of("-D" + CrashingMedium.PROPERTY + "=" + crashAt),
                    HoldShelfOpen.class, directory.toString(), "recovering", "write");
            assertThat(result.exitCode()).as(crashAt + ": " + result.stderr())
                    .isEqualTo(crashAt < 0 ? 0 : CrashingMedium.EXIT_CODE);
            try (Shelf reader = Shelf.open("recovering", ShelfOptions.at(directory).readOnly())) {
                assertThat(reader.longValue("counter")).isEqualTo(39);
                assertThat(reader.string("text")).isEqualTo("kept");
            }
        }
        assertThat(ShelfFileInspector.read(file, Layout.DATA_START, (int) Files.size(file) - (int) Layout.DATA_START))
                .as("recovery writes nothing but a superblock")
                .isEqualTo(java.util.Arrays.copyOfRange(damaged, (int) Layout.DATA_START, damaged.length));
        try (Shelf shelf = Shelf.open("recovering", ShelfOptions.at(directory))) {
            assertThat(shelf.longValue("counter")).isEqualTo(39);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    private static String[] runnerArgs(Path shelfDirectory, String[] script) {
        String[] args = new String[script.length + 1];
        args[0] = shelfDirectory.toString();
        System.arraycopy(script, 0, args, 1, script.length);
        return args;
    }
}
