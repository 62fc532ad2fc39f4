package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.ScriptRunner;
import io.jpmm.testkit.ScriptedWorkload;
import io.jpmm.testkit.StateOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process dies at each named point of the commit protocol (and at several occurrences of each):
 * the shelf then holds every acknowledged operation and the one in flight entirely or not at all.
 */
class CrashPointTest {
    /** Checkpoints and a log move: many long names, no recreation. */
    private static final String[] LOG_SCRIPT = {"crash", "4096", "31", "400", "300", "250", "false"};
    /** Recreations of the shelf file among puts and erases. */
    private static final String[] FILE_SCRIPT = {"crash", "1024", "32", "300", "6", "2", "true"};
    private static final int[] OCCURRENCES = {1, 2, 5, 17, 60, 200};

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(value = CrashPoint.class, mode = EnumSource.Mode.EXCLUDE, names = {"RECOVERY_STARTED", "RECOVERY_REPAIRING"})
    void dyingAtThisPointLosesNothingAcknowledged(CrashPoint point) throws Exception {
        int crashes = 0;
        for (int occurrence : OCCURRENCES) {
            Path shelfDirectory = Files.createDirectories(directory.resolve(point + "-" + occurrence));
            boolean fileCreation = point == CrashPoint.SHELF_FILE_BUILT || point == CrashPoint.SHELF_FILE_RENAMED;
            String[] args = runnerArgs(shelfDirectory, fileCreation ? FILE_SCRIPT : LOG_SCRIPT);
            var result = ChildJvm.run(Duration.ofMinutes(2), List.of("-Djpmm.test.crashAt=" + point + ":" + occurrence),
                    ScriptRunner.class, args);
            if (result.exitCode() == 0) {
                break;
            }
            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(CrashPoint.EXIT_CODE);
            crashes++;
            var oracle = new StateOracle();
            ScriptRunner.replay(result.lines(), ScriptRunner.script(args), oracle);
            for (int open = 0; open < 2; open++) {
                try (Shelf shelf = Shelf.open("crash", ShelfOptions.at(shelfDirectory))) {
                    oracle.check(shelf, false);
                    assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
                }
            }
        }
        System.out.printf("CrashPointTest: %s reached and survived %d times%n", point, crashes);
        assertThat(crashes).as("the script reaches %s", point).isPositive();
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
        // The last repair attempt finds nothing to repair: the crash after writing the superblock left
        // it complete in the page cache, as a process crash (unlike a power loss) does.
        List<String> crashes = List.of("RECOVERY_STARTED", "RECOVERY_REPAIRING", "RECOVERY_STARTED",
                "RECOVERY_REPAIRING", "SUPERBLOCK_WRITTEN:1", "RECOVERY_REPAIRING");
        for (int attempt = 0; attempt < crashes.size(); attempt++) {
            String crashAt = crashes.get(attempt);
            var result = ChildJvm.run(Duration.ofMinutes(1), List.of("-Djpmm.test.crashAt=" + crashAt),
                    io.jpmm.testkit.HoldShelfOpen.class, directory.toString(), "recovering", "write");
            int expectedExit = attempt == crashes.size() - 1 ? 0 : CrashPoint.EXIT_CODE;
            assertThat(result.exitCode()).as(crashAt + ": " + result.stderr()).isEqualTo(expectedExit);
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
