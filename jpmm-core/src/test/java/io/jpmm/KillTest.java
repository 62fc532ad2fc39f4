package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.KillOracle;
import io.jpmm.testkit.KillWorkload;
import io.jpmm.testkit.ReadWhenUnlocked;
import io.jpmm.testkit.ShelfDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer JVM killed with SIGKILL at random moments loses nothing it acknowledged and shows nothing
 * half-written: after each kill the shelf holds the acknowledged state or that state plus the
 * operation in flight, bit for bit; the integrity check passes; no space leaked. Readers in other
 * processes are locked out while the writer lives and then see exactly that state.
 *
 * <p>{@value #DEFAULT_KILLS} kills per run by default; {@code -Djpmm.soak=N} for N.
 */
class KillTest {
    private static final int DEFAULT_KILLS = 500;
    private static final int KILLS = Integer.getInteger("jpmm.soak", DEFAULT_KILLS);
    private static final int LOOPS = 2;

    @TempDir
    Path directory;

    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger killsInFlight = new AtomicInteger();
    private final AtomicInteger readerChecks = new AtomicInteger();

    @Test
    void acknowledgedOperationsSurviveSigkillAtRandomMoments() throws Exception {
        var loops = new CompletableFuture<?>[LOOPS];
        for (int loop = 0; loop < LOOPS; loop++) {
            int id = loop;
            loops[loop] = CompletableFuture.runAsync(() -> killLoop(id, KILLS / LOOPS));
        }
        CompletableFuture.allOf(loops).join();
        System.out.printf("KillTest: %d kills (%d mid-operation), %d acknowledged operations verified, %d reader processes"
                        + " locked out while the writer lived, then saw exactly the recovered state%n", KILLS,
                killsInFlight.get(), acknowledged.get(), readerChecks.get());
        assertThat(killsInFlight.get()).isGreaterThan(KILLS / 2);
    }

    private void killLoop(int id, int kills) {
        try {
            Path shelfDirectory = Files.createDirectories(directory.resolve("loop" + id));
            long emptyUsed;
            try (Shelf shelf = Shelf.open("killed", ShelfOptions.at(shelfDirectory).sizeMb(256))) {
                emptyUsed = shelf.usedBytes();
            }
            var random = new SplittableRandom(2026 + id);
            var oracle = new KillOracle();
            for (int kill = 0; kill < kills; kill++) {
                boolean withReader = kill % 5 == 0;
                List<String> readerDigest = runAndKill(shelfDirectory, oracle, random.nextLong(),
                        (long) kill * 1_000_000 + id * 1_000_000_000L, random.nextInt(250), withReader);
                verify(shelfDirectory, oracle, emptyUsed, readerDigest);
            }
            acknowledged.addAndGet(oracle.acknowledgedCount());
            killsInFlight.addAndGet(oracle.killsInFlight());
        } catch (Exception failure) {
            throw new AssertionError("kill loop " + id + ": " + failure, failure);
        }
    }

    /** Runs the workload, kills it, returns what a reader process saw afterwards (or null). */
    private List<String> runAndKill(Path shelfDirectory, KillOracle oracle, long seed, long firstVersion,
                                    int millisBeforeKill, boolean withReader) throws Exception {
        Process writer = ChildJvm.start(KillWorkload.class, shelfDirectory.toString(), "killed", Long.toString(seed),
                Long.toString(firstVersion));
        var ready = new CountDownLatch(1);
        Thread output = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (KillOracle.isComplete(line)) {
                        oracle.accept(line);
                    }
                }
            } catch (IOException endOfProcess) {
                // the pipe closes with the process
            }
        });
        assertThat(ready.await(60, TimeUnit.SECONDS)).as("workload started").isTrue();
        Process reader = null;
        CompletableFuture<List<String>> readerOutput = null;
        if (withReader) {
            reader = ChildJvm.start(ReadWhenUnlocked.class, shelfDirectory.toString(), "killed");
            var readerLines = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readerLines.readLine()).as("a reader is locked out while the writer lives").isEqualTo("LOCKED OUT");
            readerOutput = CompletableFuture.supplyAsync(() -> readerLines.lines().toList());
        }
        Thread.sleep(millisBeforeKill);
        assertThat(writer.isAlive()).as("the workload was still running when killed").isTrue();
        writer.toHandle().destroyForcibly();
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        output.join();
        if (reader == null) {
            return null;
        }
        List<String> lines = readerOutput.get(2, TimeUnit.MINUTES);
        assertThat(reader.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(reader.exitValue()).isZero();
        assertThat(lines.getFirst()).isEqualTo("OPENED");
        return lines.subList(1, lines.size());
    }

    private void verify(Path shelfDirectory, KillOracle oracle, long emptyUsed, List<String> readerDigest) {
        try (Shelf shelf = Shelf.open("killed", ShelfOptions.at(shelfDirectory))) {
            if (readerDigest != null) {
                assertThat(ShelfDigest.of(shelf)).as("what the reader process saw").isEqualTo(readerDigest);
                readerChecks.incrementAndGet();
            }
            oracle.verifyAndSettle(shelf);
            var report = shelf.check();
            assertThat(report.ok()).as(report.toString()).isTrue();
            // Each variable takes whole allocation units: pages on the msync medium these tests run on.
            long unit = shelf.medium().mode() == PersistMode.MAP_SYNC ? 64 : 4096;
            long variableBytes = shelf.variables().stream().mapToLong(info -> (info.byteSize() + unit - 1) / unit * unit).sum();
            assertThat(shelf.usedBytes()).as("used bytes: log + variables, nothing leaked").isEqualTo(emptyUsed + variableBytes);
        }
    }
}
