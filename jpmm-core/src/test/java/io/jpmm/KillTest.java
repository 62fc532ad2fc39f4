package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.KillOracle;
import io.jpmm.testkit.KillWorkload;
import io.jpmm.testkit.PairedTransactions;
import io.jpmm.testkit.ReadBesideWriter;
import io.jpmm.testkit.ReadPairs;
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
 * processes open beside the writer and, refreshed after the kill, see exactly that state.
 * Transactions that move two arrays together keep {@code m == 3 n} through every kill, while
 * reader processes check what each transaction put together.
 *
 * <p>{@value #DEFAULT_KILLS} kills per run by default; {@code -Djpmm.soak=N} for N (and a tenth of
 * that for the transactions).
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
    void pairedTransactionsKeepTheirInvariantThroughSigkillWhileReadersWatch() throws Exception {
        int kills = Math.max(10, KILLS / 10);
        Path shelfDirectory = Files.createDirectories(directory.resolve("paired"));
        try (Shelf shelf = Shelf.open(PairedTransactions.SHELF, ShelfOptions.at(shelfDirectory).sizeMb(1))) {
            shelf.put("created", 1L);
        }
        List<Process> readers = List.of(ChildJvm.start(ReadPairs.class, shelfDirectory.toString(), PairedTransactions.SHELF),
                ChildJvm.start(ReadPairs.class, shelfDirectory.toString(), PairedTransactions.SHELF));
        List<BufferedReader> readerOutput = readers.stream()
                .map(reader -> new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8)))
                .toList();
        for (BufferedReader output : readerOutput) {
            assertThat(output.readLine()).isEqualTo("READY");
        }
        var random = new SplittableRandom(31);
        long acknowledged = 0;
        long steps = 0;
        for (int kill = 0; kill < kills; kill++) {
            Process writer = ChildJvm.start(PairedTransactions.class, shelfDirectory.toString(), PairedTransactions.SHELF,
                    "0", "2000");
            var lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
            String ready = lines.readLine();
            assertThat(ready).as("writer started").startsWith("READY");
            long[] committed = {Long.parseLong(ready.substring("READY ".length()))};
            Thread output = Thread.ofVirtual().start(() -> lines.lines().filter(line -> line.startsWith("COMMITTED "))
                    .forEach(line -> committed[0] = Long.parseLong(line.substring("COMMITTED ".length()))));
            Thread.sleep(50 + random.nextInt(400));
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
            output.join();
            acknowledged = committed[0];
            try (Shelf shelf = Shelf.open(PairedTransactions.SHELF, ShelfOptions.at(shelfDirectory))) {
                long step = PairedTransactions.verify(shelf, acknowledged);
                steps = step;
                var report = shelf.check();
                assertThat(report.ok()).as(report.toString()).isTrue();
            }
        }
        long checks = 0;
        for (int r = 0; r < readers.size(); r++) {
            readers.get(r).getOutputStream().close();
            String last = readerOutput.get(r).readLine();
            assertThat(last).as("reader %d", r).startsWith("CHECKS ");
            checks += Long.parseLong(last.substring("CHECKS ".length()));
            assertThat(readers.get(r).waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(readers.get(r).exitValue()).isZero();
        }
        System.out.printf("KillTest, transactions: %d kills, %d transactions committed, m == 3 n after every recovery;"
                + " 2 reader processes checked %d snapshots, none torn, reused or half a pair%n", kills, steps, checks);
        assertThat(checks).isPositive();
        assertThat(steps).isPositive();
    }

    @Test
    void acknowledgedOperationsSurviveSigkillAtRandomMoments() throws Exception {
        var loops = new CompletableFuture<?>[LOOPS];
        for (int loop = 0; loop < LOOPS; loop++) {
            int id = loop;
            loops[loop] = CompletableFuture.runAsync(() -> killLoop(id, KILLS / LOOPS));
        }
        CompletableFuture.allOf(loops).join();
        System.out.printf("KillTest: %d kills (%d mid-operation), %d acknowledged operations verified, %d reader processes"
                        + " opened beside the writer, then saw exactly the recovered state%n", KILLS,
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
        BufferedReader readerLines = null;
        if (withReader) {
            reader = ChildJvm.start(ReadBesideWriter.class, shelfDirectory.toString(), "killed");
            readerLines = new BufferedReader(new InputStreamReader(reader.getInputStream(), StandardCharsets.UTF_8));
            assertThat(readerLines.readLine()).as("a reader opens beside the writer").isEqualTo("OPENED");
        }
        Thread.sleep(millisBeforeKill);
        assertThat(writer.isAlive()).as("the workload was still running when killed").isTrue();
        writer.toHandle().destroyForcibly();
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        output.join();
        if (reader == null) {
            return null;
        }
        reader.getOutputStream().write("REFRESH\n".getBytes(StandardCharsets.UTF_8));
        reader.getOutputStream().close();
        List<String> lines = readerLines.lines().toList();
        assertThat(reader.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(reader.exitValue()).isZero();
        assertThat(lines.getLast()).isEqualTo("END");
        return lines.subList(0, lines.size() - 1);
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
            long variableBytes = shelf.variables().stream().filter(info -> shelf.location(info.name()).isPresent())
                    .mapToLong(info -> (info.byteSize() + unit - 1) / unit * unit).sum();
            assertThat(shelf.usedBytes()).as("used bytes: log + variables, nothing leaked").isEqualTo(emptyUsed + variableBytes);
        }
    }
}
