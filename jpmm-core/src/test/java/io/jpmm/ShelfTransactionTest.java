package io.jpmm;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Transactions through the public API: all or nothing, undo of tracked writes, nesting, threads. */
class ShelfTransactionTest {
    @TempDir
    Path directory;

    private ShelfOptions options;

    @BeforeEach
    void options() {
        options = ShelfOptions.at(directory).sizeMb(4);
    }

    @Test
    void aCommitMakesEveryStagedChangeVisibleTogetherAndDurable() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            shelf.put("old", "before");
            shelf.put("moved", 1L);
            try (ShelfTransaction tx = shelf.begin()) {
                shelf.put("a", NdArray.of(1.0, 2.0));
                NdArray created = shelf.ndarray("b", DType.INT32, 3);
                created.set(7L, 2);
                shelf.erase("old");
                shelf.rename("moved", "renamed");
                assertThat(shelf.names()).as("the owner sees its staged changes").containsExactly("a", "b", "renamed");
                assertThat(otherThread(() -> shelf.names())).as("other threads do not").containsExactly("moved", "old");
                tx.commit();
            }
            assertThat(otherThread(() -> shelf.names())).containsExactly("a", "b", "renamed");
            assertThat(shelf.array("b").toLongArray()).containsExactly(0, 0, 7);
        }
        try (Shelf shelf = Shelf.open("tx", options)) {
            assertThat(shelf.names()).containsExactly("a", "b", "renamed");
            assertThat(shelf.array("a").toDoubleArray()).containsExactly(1.0, 2.0);
            assertThat(shelf.longValue("renamed")).isEqualTo(1L);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void closingWithoutCommitDropsStagedChangesAndRestoresTrackedBytes() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            NdArray n = shelf.ndarray("n", DType.INT64, 1000);
            n.fill(5L);
            shelf.put("keep", "kept");
            long freeBefore = shelf.freeBytes();
            try (ShelfTransaction tx = shelf.begin()) {
                tx.track(n);
                n.fill(6L);
                shelf.put("staged", NdArray.allocate(DType.FLOAT64, 10_000));
                shelf.erase("keep");
                assertThat(shelf.freeBytes()).isLessThan(freeBefore);
            }
            assertThat(n.toLongArray()).containsOnly(5L);
            assertThat(shelf.names()).containsExactly("keep", "n");
            assertThat(shelf.freeBytes()).as("staged and undo space is free again").isEqualTo(freeBefore);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void aReferenceToAnArrayPutInARolledBackTransactionFailsInsteadOfReadingFreedSpace() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            NdArray staged;
            try (ShelfTransaction tx = shelf.begin()) {
                shelf.put("s", NdArray.allocate(DType.INT64, 100).fill(7L));
                staged = shelf.array("s");
                assertThat(staged.getLong(99)).isEqualTo(7L);
                tx.rollback();
            }
            assertThat(shelf.contains("s")).isFalse();
            assertThatThrownBy(() -> staged.getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rolled back");
            shelf.put("t", NdArray.allocate(DType.INT64, 100).fill(9L));
            assertThat(shelf.array("t").toLongArray()).containsOnly(9L);
        }
    }

    @Test
    void trackingASliceUndoesThatSliceOnly() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            NdArray a = shelf.ndarray("a", DType.INT16, 10, 10);
            try (ShelfTransaction tx = shelf.begin()) {
                tx.track(a.slice(0, 2, 4));
                a.fill(9L);
                tx.rollback();
            }
            for (int row = 0; row < 10; row++) {
                long expected = row == 2 || row == 3 ? 0 : 9;
                assertThat(a.slice(0, row, row + 1).toLongArray()).as("row %d", row).containsOnly(expected);
            }
        }
    }

    @Test
    void theLambdaFormCommitsOnReturnAndRollsBackOnException() throws Exception {
        try (Shelf shelf = Shelf.open("tx", options)) {
            NdArray counter = shelf.ndarray("counter", DType.INT64, 1);
            shelf.transaction(tx -> tx.track(counter).set(1L, 0));
            assertThat(counter.getLong(0)).isEqualTo(1);
            assertThatThrownBy(() -> shelf.transaction(tx -> {
                tx.track(counter).set(2L, 0);
                shelf.put("half", "done");
                throw new java.io.IOException("the body failed");
            })).isInstanceOf(java.io.IOException.class).hasMessage("the body failed");
            assertThat(counter.getLong(0)).isEqualTo(1);
            assertThat(shelf.contains("half")).isFalse();
        }
    }

    @Test
    void nestedTransactionsFlattenAndAnUncommittedInnerOneDoomsTheWhole() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            try (ShelfTransaction outer = shelf.begin()) {
                shelf.put("x", 1L);
                try (ShelfTransaction inner = shelf.begin()) {
                    shelf.put("y", 2L);
                    inner.commit();
                }
                assertThat(otherThread(() -> shelf.names())).as("an inner commit commits nothing yet").isEmpty();
                outer.commit();
            }
            assertThat(shelf.names()).containsExactly("x", "y");

            ShelfTransaction outer = shelf.begin();
            shelf.put("z", 3L);
            try (ShelfTransaction inner = shelf.begin()) {
                shelf.erase("x");
            }
            assertThatThrownBy(outer::commit).isInstanceOf(ShelfException.class)
                    .hasMessageContaining("nested in it was closed without commit");
            assertThat(shelf.names()).containsExactly("x", "y");
            assertThat(shelf.begin()).as("the shelf takes new transactions").isNotNull().satisfies(ShelfTransaction::close);
        }
    }

    @Test
    void anotherThreadsPutWaitsForTheTransactionToEnd() throws Exception {
        try (Shelf shelf = Shelf.open("tx", options)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Void> put;
            try (ShelfTransaction tx = shelf.begin()) {
                shelf.put("mine", 1L);
                put = CompletableFuture.runAsync(() -> {
                    started.countDown();
                    shelf.put("theirs", 2L);
                });
                started.await();
                Thread.sleep(200);
                assertThat(put).as("the other thread's put waits").isNotDone();
                tx.commit();
            }
            put.get(10, TimeUnit.SECONDS);
            assertThat(shelf.names()).containsExactly("mine", "theirs");
        }
    }

    @Test
    void closingTheShelfRollsBackItsOpenTransaction() {
        try (Shelf shelf = Shelf.open("tx", options)) {
            NdArray n = shelf.ndarray("n", DType.INT64, 8);
            n.fill(1L);
            ShelfTransaction tx = shelf.begin();
            tx.track(n);
            n.fill(2L);
            n.persist();
            shelf.put("staged", 1L);
        }
        try (Shelf shelf = Shelf.open("tx", options)) {
            assertThat(shelf.array("n").toLongArray()).containsOnly(1L);
            assertThat(shelf.names()).containsExactly("n");
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void misuseIsRefusedClearly() throws Exception {
        try (Shelf shelf = Shelf.open("tx", options); Shelf other = Shelf.open("other", options)) {
            NdArray foreign = other.ndarray("f", DType.INT8, 4);
            ShelfTransaction tx = shelf.begin();
            assertThatThrownBy(() -> tx.track(NdArray.allocate(DType.INT8, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in memory (DRAM)");
            assertThatThrownBy(() -> tx.track(foreign))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("on another shelf");
            NdArray mine = shelf.ndarray("m", DType.INT8, 4);
            Throwable fromOtherThread = otherThread(() -> {
                try {
                    tx.track(mine);
                    return null;
                } catch (IllegalStateException expected) {
                    return expected;
                }
            });
            assertThat(fromOtherThread).hasMessageContaining("belongs to the thread that began it");
            tx.commit();
            assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended");
            assertThatThrownBy(() -> tx.track(mine)).isInstanceOf(IllegalStateException.class);
        }
        try (Shelf reader = Shelf.open("tx", ShelfOptions.at(directory).readOnly())) {
            assertThatThrownBy(reader::begin).isInstanceOf(ReadOnlyShelfException.class);
        }
    }

    @Test
    void aTrackThatDoesNotFitLeavesTheTransactionUsable() {
        try (Shelf shelf = Shelf.open("tx", ShelfOptions.at(directory).sizeMb(1).maxSizeMb(1))) {
            NdArray big = shelf.ndarray("big", DType.UINT8, 600_000);
            try (ShelfTransaction tx = shelf.begin()) {
                assertThatThrownBy(() -> tx.track(big)).isInstanceOf(ShelfFullException.class);
                NdArray part = tx.track(big.slice(0, 0, 1000));
                part.fill(1L);
                tx.commit();
            }
            assertThat(big.slice(0, 0, 1000).toLongArray()).containsOnly(1L);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    private static <T> T otherThread(java.util.function.Supplier<T> action) {
        return CompletableFuture.supplyAsync(action).join();
    }
}
