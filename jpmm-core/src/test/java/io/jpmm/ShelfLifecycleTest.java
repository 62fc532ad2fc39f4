package io.jpmm;

import io.jpmm.testkit.SimulatedMedium;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle rules of a shared shelf: a change that committed reports success and never frees
 * space the catalog points to, even while another thread streams the variable it replaced;
 * {@code close()} waits for operations in flight; an interrupted thread does not take the shelf down
 * for the others; writes in place survive a rename.
 */
class ShelfLifecycleTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path directory;

    /** Threads of their own: a task blocked on purpose must not hold up the others (the common pool may have one thread). */
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Shelf open() {
        return Shelf.open("life", ShelfOptions.at(directory).sizeMb(64));
    }

    @Test
    void replacingErasingAndRenamingWhileAnotherThreadStreamsTheVariableCommitAndReportSuccess() throws Exception {
        try (Shelf shelf = open()) {
            for (String name : List.of("x", "y", "z")) {
                shelf.put(name, NdArray.allocate(DType.INT8, 4 * MIB).fill(name.charAt(0)));
            }
            for (String name : List.of("x", "y", "z")) {
                // The reader blocks inside a native write into a full pipe: the JDK holds the array's
                // memory for the whole call, so its mapping cannot be released meanwhile.
                Pipe pipe = Pipe.open();
                NdArray array = shelf.array(name);
                CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> streamInto(array, pipe), threads);
                var received = new ByteArrayOutputStream();
                readSome(pipe, received, 1);
                switch (name) {
                    case "x" -> shelf.put("x", NdArray.allocate(DType.INT8, 4 * MIB).fill(1));
                    case "y" -> shelf.erase("y");
                    default -> shelf.rename("z", "w");
                }
                // Space the change freed is not reused while the reader still streams it.
                for (int i = 0; i < 8; i++) {
                    shelf.put("filler" + i, NdArray.allocate(DType.INT8, 4 * MIB).fill(9));
                }
                readSome(pipe, received, 4 * MIB);
                reader.get(60, TimeUnit.SECONDS);
                assertThat(received.toByteArray()).as("what the reader streamed of %s", name).hasSize(4 * MIB)
                        .containsOnly((byte) name.charAt(0));
            }
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
        try (Shelf shelf = open()) {
            assertThat(shelf.names()).containsExactly("filler0", "filler1", "filler2", "filler3", "filler4", "filler5",
                    "filler6", "filler7", "w", "x");
            assertThat(shelf.array("x").toByteArray()).containsOnly((byte) 1);
            assertThat(shelf.array("w").toByteArray()).containsOnly((byte) 'z');
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }

    @Test
    void closeWhileAnotherThreadStreamsWaitsForItsCurrentCallAndReleasesTheLock() throws Exception {
        Shelf shelf = open();
        shelf.put("x", NdArray.allocate(DType.INT8, 4 * MIB).fill(3));
        Pipe pipe = Pipe.open();
        NdArray array = shelf.array("x");
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> streamInto(array, pipe), threads);
        var received = new ByteArrayOutputStream();
        readSome(pipe, received, 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(shelf::close, threads);
        Thread.sleep(200);
        assertThat(closing).as("close waits while the reader's call holds the mapping").isNotDone();
        readSome(pipe, received, 4 * MIB);
        closing.get(30, TimeUnit.SECONDS);
        reader.get(30, TimeUnit.SECONDS);
        assertThat(received.toByteArray()).containsOnly((byte) 3);
        try (Shelf reopened = open()) {
            assertThat(reopened.array("x").toByteArray()).containsOnly((byte) 3);
        }
    }

    private static void streamInto(NdArray array, Pipe pipe) {
        try (var sink = pipe.sink()) {
            array.writeTo(sink);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Reads from the pipe until {@code total} bytes have arrived in all. */
    private static void readSome(Pipe pipe, ByteArrayOutputStream received, int total) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (received.size() < total) {
            buffer.clear().limit(Math.min(buffer.capacity(), total - received.size()));
            int read = pipe.source().read(buffer);
            if (read < 0) {
                break;
            }
            received.write(buffer.array(), 0, read);
        }
    }

    @Test
    void closeWaitsForAPutInFlightWhichCommits() throws Exception {
        Shelf shelf = open();
        var filling = new CountDownLatch(1);
        var mayFinish = new CountDownLatch(1);
        CompletableFuture<NdArray> put = CompletableFuture.supplyAsync(() -> {
            try {
                return shelf.put("late", DType.INT64, Shape.of(1000), target -> {
                    filling.countDown();
                    mayFinish.await();
                    target.fill(42L);
                });
            } catch (InterruptedException interrupted) {
                throw new IllegalStateException(interrupted);
            }
        }, threads);
        assertThat(filling.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(shelf::close, threads);
        Thread.sleep(200);
        assertThat(closing).as("close waits for the put in flight").isNotDone();
        assertThatThrownBy(() -> shelf.put("other", 1L)).as("nothing new starts while closing")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        mayFinish.countDown();
        closing.get(30, TimeUnit.SECONDS);
        assertThat(put.get(30, TimeUnit.SECONDS).dtype()).isEqualTo(DType.INT64);
        try (Shelf reopened = open()) {
            assertThat(reopened.array("late").toLongArray()).containsOnly(42L);
            assertThat(reopened.names()).containsExactly("late");
            assertThat(reopened.check().ok()).isTrue();
        }
    }

    @Test
    void closingFromInsideAFillerIsRefusedClearlyInsteadOfDeadlocking() {
        try (Shelf shelf = open()) {
            assertThatThrownBy(() -> shelf.put("x", DType.INT8, Shape.of(3), target -> shelf.close()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside one of its own operations");
            assertThat(shelf.names()).isEmpty();
        }
    }

    @Test
    void anInterruptedCallerDoesNotCloseTheShelfForEveryoneElse() throws Exception {
        try (Shelf shelf = open()) {
            shelf.put("kept", NdArray.of(1.0, 2.0));
            Thread.currentThread().interrupt();
            try {
                shelf.put("during", NdArray.of(3.0));
                shelf.array("kept").persist();
                shelf.ndarray("made", DType.FLOAT32, 10).persist();
            } catch (RuntimeException interruptedCallerMayFail) {
                // allowed: only this caller was interrupted
            } finally {
                assertThat(Thread.interrupted()).as("the caller's interrupt status is kept").isTrue();
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> failures = new ArrayList<>();
            Thread worker = Thread.ofPlatform().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        shelf.put("w" + (i % 4), NdArray.allocate(DType.INT32, 1000).fill(i));
                        shelf.array("w" + (i % 4)).persist();
                    } catch (RuntimeException failure) {
                        if (!Thread.interrupted()) {
                            synchronized (failures) {
                                failures.add(failure);
                            }
                        }
                    }
                    Thread.interrupted();
                }
            });
            var random = new Random(3);
            for (int i = 0; i < 200; i++) {
                worker.interrupt();
                Thread.sleep(random.nextInt(3));
            }
            stop.set(true);
            worker.join();
            assertThat(failures).as("failures other than from the interrupts themselves").isEmpty();
            shelf.put("after", NdArray.of(4.0));
            assertThat(shelf.array("kept").toDoubleArray()).containsExactly(1.0, 2.0);
            assertThat(shelf.check().ok()).isTrue();
        }
        try (Shelf shelf = open()) {
            assertThat(shelf.array("after").toDoubleArray()).containsExactly(4.0);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void aWriterInterruptedOverAndOverDuringLargePutsLeavesTheShelfWritableAndItsValuesWhole() throws Exception {
        // Large puts go through the file channel in several steps, so interrupts that keep arriving
        // close the channel again and again under the same put.
        try (Shelf shelf = open()) {
            NdArray source = NdArray.allocate(DType.INT32, 12 * MIB);
            int[] lastPut = {-1, -1};
            List<Throwable> failures = underInterrupts(2000, 20_000, 20_000, i -> {
                source.fill(i);
                shelf.put("big" + (i % 2), source);
                lastPut[i % 2] = i;
            });
            assertThat(failures).as("puts that failed or left the shelf read-only").isEmpty();
            shelf.put("after", NdArray.of(4.0));
            for (int slot = 0; slot < 2; slot++) {
                if (lastPut[slot] >= 0) {
                    NdArray kept = shelf.array("big" + slot);
                    assertThat(kept.getLong(0)).isEqualTo(lastPut[slot]);
                    assertThat(kept.getLong(kept.size() - 1)).isEqualTo(lastPut[slot]);
                }
            }
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void streamedImportsAndExportsUnderInterruptsCopyEveryByteOnceInItsPlace() throws Exception {
        // An interrupt in a transfer closes the shelf's channel and the caller's: the caller's import
        // or export fails, and every one that completes copied each byte once, in its place.
        int elements = 2 * MIB;
        long header = 128;
        Path source = directory.resolve("source.raw");
        try (var out = java.nio.channels.FileChannel.open(source, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocateDirect((int) header + 4 * elements + MIB).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            bytes.position((int) header);
            for (int i = 0; i < elements + MIB / 4; i++) {
                bytes.putInt(i);
            }
            bytes.flip();
            out.write(bytes);
        }
        Path exported = directory.resolve("exported.raw");
        try (Shelf shelf = open()) {
            int[] copied = {0};
            List<Throwable> failures = underInterrupts(2000, 5_000_000, 30_000_000, i -> {
                try (var in = java.nio.channels.FileChannel.open(source)) {
                    in.position(header);
                    NdArray imported = shelf.put("imported", DType.INT32, Shape.of(elements), in, done -> { });
                    assertThat(in.position()).as("the source's position after the import").isEqualTo(header + 4L * elements);
                    try (var out = java.nio.channels.FileChannel.open(exported, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                        imported.writeTo(out);
                        assertThat(out.size()).as("the exported file's size").isEqualTo(4L * elements);
                    }
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
                NdArray imported = shelf.array("imported");
                for (long at = 0; at < elements; at += 4099) {
                    assertThat(imported.getLong(at)).as("element %d", at).isEqualTo(at);
                }
                copied[0]++;
            });
            // The caller's own source and target channels close when it is interrupted in one of
            // their calls: that failure is the caller's. Anything else is the shelf's.
            assertThat(failures).as("imports and exports that failed other than by closing the caller's channels")
                    .allSatisfy(failure -> assertThat(rootCause(failure)).isInstanceOf(java.nio.channels.ClosedChannelException.class));
            assertThat(copied[0]).as("imports and exports that completed").isPositive();
            shelf.put("after", NdArray.of(4.0));
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        return failure.getCause() == null ? failure : rootCause(failure.getCause());
    }

    /**
     * Runs {@code step(0)}, {@code step(1)}, ... on a thread of its own, each with its interrupt status
     * clear, while this thread interrupts it at random gaps between {@code minNanos} and
     * {@code maxNanos} for {@code millis}; returns what the steps threw.
     */
    private static List<Throwable> underInterrupts(long millis, long minNanos, long maxNanos,
                                                   java.util.function.IntConsumer step) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread worker = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                Thread.interrupted();
                try {
                    step.accept(i);
                } catch (RuntimeException | AssertionError failure) {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                }
            }
        });
        var random = new Random(11);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < until) {
            worker.interrupt();
            LockSupport.parkNanos(minNanos + random.nextLong(maxNanos - minNanos + 1));
        }
        stop.set(true);
        worker.join();
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    @Test
    void writesInPlaceAreDurableAfterARenameAndClose() throws Exception {
        Path live = directory.resolve("live");
        var medium = new SimulatedMedium();
        Shelf shelf = Shelf.open("renamed", ShelfOptions.at(live).sizeMb(1), medium);
        NdArray a = shelf.ndarray("a", DType.INT32, 100);
        a.fill(7L);
        shelf.rename("a", "b");
        shelf.close();
        Path image = directory.resolve("image");
        medium.writeCrashImage(live, image, SimulatedMedium.Model.FLUSHED_ONLY, new Random(1));
        try (Shelf reopened = Shelf.open("renamed", ShelfOptions.at(image))) {
            assertThat(reopened.array("b").toIntArray()).containsOnly(7);
        }
    }
}
