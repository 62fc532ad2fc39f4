package io.jpmm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** One shelf shared by several threads: no lost update, and no exception but the documented ones. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int OPERATIONS = 400;

    @TempDir
    Path directory;

    @Test
    void eightThreadsPuttingErasingAndReadingLoseNoUpdate() throws Exception {
        Map<String, Long> expected = new ConcurrentHashMap<>();
        try (Shelf shelf = Shelf.open("shared", ShelfOptions.at(directory).sizeMb(64));
             ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int id = thread;
                workers.add(pool.submit(() -> work(shelf, id, expected)));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            Map<String, Long> actual = new HashMap<>();
            for (String name : shelf.names()) {
                actual.put(name, shelf.array(name).getLong(0));
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(shelf.usedBytes() + shelf.freeBytes()).isEqualTo(shelf.capacityBytes());
        }
    }

    private static void work(Shelf shelf, int thread, Map<String, Long> expected) {
        var random = new SplittableRandom(thread);
        for (int operation = 0; operation < OPERATIONS; operation++) {
            String own = "t" + thread + "-" + random.nextInt(4);
            long version = (long) thread * 1_000_000 + operation;
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    shelf.put(own, NdArray.allocate(DType.INT64, 1 + random.nextInt(5000)).fill(version));
                    expected.put(own, version);
                }
                case 2 -> {
                    if (expected.remove(own) != null) {
                        shelf.erase(own);
                    }
                }
                default -> readSomeoneElses(shelf, "t" + random.nextInt(THREADS) + "-" + random.nextInt(4));
            }
            Long mine = expected.get(own);
            assertThat(mine == null ? null : shelf.array(own).getLong(0)).isEqualTo(mine);
        }
    }

    /** Another thread may replace or erase it meanwhile: those are the documented outcomes. */
    private static void readSomeoneElses(Shelf shelf, String name) {
        try {
            NdArray array = shelf.array(name);
            long first = array.getLong(0);
            assertThat(array.toLongArray()).containsOnly(first);
        } catch (NoSuchVariableException erased) {
            assertThat(erased.variable()).isEqualTo(name);
        } catch (IllegalStateException replaced) {
            assertThat(replaced.getMessage()).containsAnyOf("was replaced", "was erased");
        }
    }
}
