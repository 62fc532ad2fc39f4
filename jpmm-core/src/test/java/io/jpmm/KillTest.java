package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.KillOracle;
import io.jpmm.testkit.KillWorkload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer JVM killed with SIGKILL at random moments loses nothing it acknowledged and shows nothing
 * half-written: after each kill, every variable holds the last acknowledged value (or, for the
 * operation in flight, the old value or the new one), bit-exact, and no space has leaked.
 */
class KillTest {
    private static final int KILLS = Integer.getInteger("jpmm.kills", 25);

    @TempDir
    Path directory;

    @Test
    void acknowledgedCommitsSurviveSigkillAtRandomMoments() throws Exception {
        long emptyUsedBytes;
        try (Shelf shelf = Shelf.open("killed", ShelfOptions.at(directory).sizeMb(16))) {
            emptyUsedBytes = shelf.usedBytes();
        }
        var random = new SplittableRandom(2026);
        var oracle = new KillOracle();
        int acknowledged = 0;
        int inFlight = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            List<String> lines = runAndKill(random.nextLong(), kill * 1_000_000L, random.nextInt(200));
            lines.forEach(oracle::accept);
            acknowledged += KillOracle.countAcks(lines);
            inFlight += oracle.hadOperationInFlight() ? 1 : 0;
            oracle.settle(verify(oracle, emptyUsedBytes));
        }
        System.out.printf("KillTest: %d kills, %d acknowledged operations verified, %d kills mid-operation%n",
                KILLS, acknowledged, inFlight);
        assertThat(acknowledged).isGreaterThan(KILLS);
        assertThat(inFlight).isGreaterThan(KILLS / 2);
    }

    /** Runs the workload, kills it with SIGKILL {@code millisBeforeKill} after it is ready, returns its output. */
    private List<String> runAndKill(long seed, long firstVersion, int millisBeforeKill) throws Exception {
        Process child = ChildJvm.start(KillWorkload.class, directory.toString(), "killed", Long.toString(seed),
                Long.toString(firstVersion));
        List<String> lines = new CopyOnWriteArrayList<>();
        var ready = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    lines.add(line);
                    ready.countDown();
                }
            } catch (IOException ignored) {
                // the stream ends with the process
            }
        });
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("workload started").isTrue();
        assertThat(lines.getFirst()).isEqualTo("READY");
        Thread.sleep(millisBeforeKill);
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join();
        return completeLines(lines);
    }

    /** Drops a last line the kill cut off: it is not a complete announcement. */
    private static List<String> completeLines(List<String> lines) {
        return lines.stream()
                .filter(line -> line.equals("ACK") || line.matches("BEGIN (put \\S+ \\d+|erase \\S+|rename \\S+ \\S+)"))
                .toList();
    }

    /** Checks the shelf against the oracle and returns what it holds. */
    private Map<String, Long> verify(KillOracle oracle, long emptyUsedBytes) {
        Map<String, Long> actual = new HashMap<>();
        try (Shelf shelf = Shelf.open("killed", ShelfOptions.at(directory))) {
            long variableBytes = 0;
            for (String name : shelf.names()) {
                long version = KillWorkload.versionOf(shelf.array(name));
                assertThat(version).as("content of %s", name).isNotNegative();
                actual.put(name, version);
                variableBytes += shelf.info(name).byteSize();
            }
            for (int i = 0; i < KillWorkload.NAMES; i++) {
                String name = "v" + i;
                assertThat(oracle.allowed(name)).as("state of %s", name).contains(Optional.ofNullable(actual.get(name)));
            }
            assertThat(shelf.usedBytes()).as("used bytes: log + variables, nothing leaked")
                    .isEqualTo(emptyUsedBytes + variableBytes);
            assertThat(shelf.usedBytes() + shelf.freeBytes()).isEqualTo(shelf.capacityBytes());
        }
        return actual;
    }
}
