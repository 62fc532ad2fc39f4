package io.jpmm;

import io.jpmm.testkit.ScriptedWorkload;
import io.jpmm.testkit.SimulatedMedium;
import io.jpmm.testkit.StateOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulated power loss at every persist point of scripted workloads. At each point, crash images are
 * built from what was durable (plus, in two models, some of what was not yet flushed), reopened with
 * the real code, and checked: every acknowledged operation is there, the one in flight is all or
 * nothing, the integrity check passes, and a second recovery finds the same state.
 */
class PowerLossTest {
    private int shelfKib = 512;

    @TempDir
    Path directory;

    private final Map<SimulatedMedium.Model, Integer> images = new EnumMap<>(SimulatedMedium.Model.class);
    private final Map<StateOracle.Outcome, Integer> outcomes = new EnumMap<>(StateOracle.Outcome.class);
    private int mixedIn;

    /** More scripts for a soak run: {@code -Djpmm.powerLossScripts=N}. */
    private static final int MIXED_SCRIPTS = Integer.getInteger("jpmm.powerLossScripts", 1);

    @Test
    void everyPersistPointOfAMixedWorkloadRecoversUnderEveryModel() throws Exception {
        int points = 0;
        for (int script = 0; script < MIXED_SCRIPTS; script++) {
            deleteRecursively(directory.resolve("live"));
            points += runAtEveryPersistPoint(ScriptedWorkload.random(11 + script, 250, 6, 2, true), SimulatedMedium.Model.values());
        }
        report(MIXED_SCRIPTS + " mixed workload(s)", points);
        assertThat(outcomes.get(StateOracle.Outcome.AFTER_OPERATION)).isPositive();
        assertThat(outcomes.get(StateOracle.Outcome.BEFORE_OPERATION)).isPositive();
    }

    @Test
    void checkpointsAndLogMovesRecoverAtEveryPersistPoint() throws Exception {
        // Long names fill the 64 KiB log halves: checkpoints and a move of the log to a larger pair.
        shelfKib = 2048;
        var ops = ScriptedWorkload.random(12, 1400, 400, 250, false).stream()
                .filter(op -> !(op instanceof ScriptedWorkload.Op.PutArray) && !(op instanceof ScriptedWorkload.Op.CreateInPlace))
                .toList();
        int points = runAtEveryPersistPoint(ops, SimulatedMedium.Model.FLUSHED_ONLY, SimulatedMedium.Model.PMEM_WORDS);
        report("checkpoint workload", points);
        try (Shelf shelf = Shelf.open("sim", ShelfOptions.at(directory.resolve("live")))) {
            long logBytes = shelf.usedBytes() - shelf.variables().stream().mapToLong(VariableInfo::byteSize).sum();
            assertThat(logBytes).as("the log moved to a larger pair").isGreaterThan(128 << 10);
        }
    }

    @Test
    void growthRecoversAtEveryPersistPoint() throws Exception {
        // Forty names of arrays up to 12 KB outgrow a 256 KiB shelf several times over.
        shelfKib = 256;
        var ops = ScriptedWorkload.random(13, 160, 40, 2, false);
        int points = runAtEveryPersistPoint(ops, SimulatedMedium.Model.FLUSHED_ONLY, SimulatedMedium.Model.DISK_PAGES);
        report("growth workload", points);
        assertThat(Files.size(directory.resolve("live").resolve("sim.jpmm"))).as("the shelf grew").isGreaterThan(256 << 10);
    }

    /**
     * Transactions that move arrays n and m together ({@code n += 1}, {@code m += 3}) and put a
     * scalar with them, some committed and some rolled back: at every persist point of track,
     * commit and rollback, the recovered shelf has {@code m == 3 n} element by element, and the
     * scalar agrees with them.
     */
    @Test
    void transactionsRecoverAtEveryPersistPoint() throws Exception {
        Path live = Files.createDirectories(directory.resolve("live"));
        Path image = directory.resolve("image");
        var medium = new SimulatedMedium();
        var random = new Random(9);
        long[] committed = {0};
        medium.onPersist(point -> {
            for (SimulatedMedium.Model model : List.of(SimulatedMedium.Model.FLUSHED_ONLY, SimulatedMedium.Model.PMEM_WORDS)) {
                try {
                    deleteRecursively(image);
                    mixedIn += medium.writeCrashImage(live, image, model, random);
                    verifyPair(image, committed[0], "persist point " + point + ", " + model);
                    images.merge(model, 1, Integer::sum);
                } catch (IOException failure) {
                    throw new java.io.UncheckedIOException(failure);
                }
            }
        });
        try (Shelf shelf = ShelvesOnMedium.open("sim", ShelfOptions.at(live).sizeBytes(shelfKib << 10), medium)) {
            NdArray n = shelf.ndarray("n", DType.INT64, 700);
            NdArray m = shelf.ndarray("m", DType.INT64, 700);
            shelf.put("step", 0L);
            for (int round = 1; round <= 12; round++) {
                try (ShelfTransaction tx = shelf.begin()) {
                    tx.track(n);
                    tx.track(m.slice(0, 0, 350));
                    tx.track(m.slice(0, 350, 700));
                    for (int i = 0; i < 700; i++) {
                        n.set(n.getLong(i) + 1, i);
                        m.set(m.getLong(i) + 3, i);
                    }
                    shelf.put("step", n.getLong(0));
                    if (round % 4 != 0) {
                        tx.commit();
                        committed[0]++;
                    }
                }
            }
        }
        System.out.printf("PowerLossTest, transactions: %d persist points, crash images %s%n", medium.persists(), images);
        assertThat(medium.persists()).isGreaterThan(12 * 5);
    }

    private void verifyPair(Path image, long committed, String where) {
        for (int open = 0; open < 2; open++) {
            try (Shelf shelf = Shelf.open("sim", ShelfOptions.at(image))) {
                if (!shelf.contains("step")) {
                    continue;
                }
                long[] n = shelf.array("n").toLongArray();
                long[] m = shelf.array("m").toLongArray();
                long step = shelf.longValue("step");
                assertThat(step).isBetween(committed, committed + 1);
                for (int i = 0; i < n.length; i++) {
                    assertThat(n[i]).as("n[%d]", i).isEqualTo(step);
                    assertThat(m[i]).as("m[%d]", i).isEqualTo(3 * step);
                }
                assertThat(shelf.check().ok()).as("%s: %s", where, shelf.check()).isTrue();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(where + " (open " + (open + 1) + "): " + failure.getMessage(), failure);
            }
        }
    }

    private int runAtEveryPersistPoint(List<ScriptedWorkload.Op> ops, SimulatedMedium.Model... models) throws IOException {
        Path live = Files.createDirectories(directory.resolve("live"));
        Path image = directory.resolve("image");
        var medium = new SimulatedMedium();
        var oracle = new StateOracle();
        var random = new Random(5);
        medium.onPersist(point -> {
            for (SimulatedMedium.Model model : models) {
                try {
                    deleteRecursively(image);
                    mixedIn += medium.writeCrashImage(live, image, model, random);
                    verifyImage(image, oracle, "persist point " + point + ", " + model,
                            model == SimulatedMedium.Model.DISK_PAGES);
                    images.merge(model, 1, Integer::sum);
                } catch (IOException failure) {
                    throw new java.io.UncheckedIOException(failure);
                }
            }
        });
        ShelfOptions options = ShelfOptions.at(live).sizeBytes(shelfKib << 10);
        Shelf shelf = ScriptedWorkload.run(ops, forceNew -> Shelf.open("sim", forceNew ? options.forceNew() : options, medium), oracle);
        shelf.close();
        return medium.persists();
    }

    private void verifyImage(Path image, StateOracle oracle, String where, boolean garbageAllowed) {
        for (int open = 0; open < 2; open++) {
            try (Shelf shelf = Shelf.open("sim", ShelfOptions.at(image).sizeBytes(shelfKib << 10))) {
                var outcome = oracle.check(shelf, garbageAllowed);
                if (open == 0) {
                    outcomes.merge(outcome, 1, Integer::sum);
                }
                var report = shelf.check();
                assertThat(report.ok()).as("%s: %s", where, report).isTrue();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(where + " (open " + (open + 1) + "): " + failure.getMessage(), failure);
            }
        }
    }

    private void report(String workload, int points) {
        System.out.printf("PowerLossTest, %s: %d persist points, crash images checked %s (%d unflushed words/pages mixed in),"
                + " outcomes %s%n", workload, points, images, mixedIn, outcomes);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
