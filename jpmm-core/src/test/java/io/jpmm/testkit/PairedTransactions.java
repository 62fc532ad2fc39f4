package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelfTransaction;
import io.jpmm.ShelvesOnMedium;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child-JVM main for crash tests of transactions: arrays {@code n} and {@code m} move together in
 * a loop of transactions ({@code n += 1}, {@code m += 3}, element by element, written in place
 * after tracking them), with a scalar {@code step} put in the same transaction, fresh arrays
 * {@code a} (all {@code step}) and {@code b} (all {@code 3 step}) of a size that varies, and a
 * {@code pair-i} array that replaces an old one. Every fourth round rolls back instead of
 * committing. After each commit it prints {@code COMMITTED step}; at the end {@code STEPS n} of its
 * {@link CrashingMedium}. Args: directory, shelf name, rounds (0 for forever), array length.
 */
public final class PairedTransactions {
    public static final String SHELF = "paired";

    public static void main(String[] args) {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        int rounds = Integer.parseInt(args[2]);
        int length = Integer.parseInt(args[3]);
        CrashingMedium medium = CrashingMedium.fromProperty();
        try (Shelf shelf = ShelvesOnMedium.open(args[1], ShelfOptions.at(Path.of(args[0])).sizeMb(1), medium)) {
            if (!shelf.contains("step")) {
                shelf.transaction(tx -> {
                    shelf.ndarray("n", DType.INT64, length);
                    shelf.ndarray("m", DType.INT64, length);
                    shelf.put("step", 0L);
                });
            }
            NdArray n = shelf.array("n");
            NdArray m = shelf.array("m");
            out.println("READY " + shelf.longValue("step"));
            for (int round = 1; rounds == 0 || round <= rounds; round++) {
                try (ShelfTransaction tx = shelf.begin()) {
                    tx.track(n);
                    tx.track(m.slice(0, 0, length / 2));
                    tx.track(m.slice(0, length / 2, length));
                    for (int i = 0; i < length; i++) {
                        n.set(n.getLong(i) + 1, i);
                        m.set(m.getLong(i) + 3, i);
                    }
                    long step = n.getLong(0);
                    shelf.put("step", step);
                    shelf.put("pair-" + round % 3, NdArray.allocate(DType.INT64, 64 << (round % 5)).fill(step));
                    int size = 1000 + (int) (step * 7919 % 30_000);
                    shelf.put("a", NdArray.allocate(DType.INT64, size).fill(step));
                    shelf.put("b", NdArray.allocate(DType.INT64, size).fill(3 * step));
                    if (round % 4 != 0) {
                        tx.commit();
                        out.println("COMMITTED " + step);
                    }
                }
            }
        }
        out.println("STEPS " + medium.steps());
    }

    /**
     * Checks the invariant on a recovered shelf: {@code m == 3 n} element by element, {@code step}
     * equal to every element of {@code n}, each {@code pair-i} filled with a step of its own; and
     * {@code step} is the last acknowledged commit, or the one in flight.
     *
     * @return the step the shelf holds
     */
    public static long verify(Shelf shelf, long acknowledged) {
        if (!shelf.contains("step")) {
            assertThat(acknowledged).as("no step committed yet").isZero();
            return 0;
        }
        long step = shelf.longValue("step");
        assertThat(step).as("step after commit %d was acknowledged", acknowledged).isBetween(acknowledged, acknowledged + 1);
        verifyPairs(shelf.array("n").toLongArray(), shelf.array("m").toLongArray(), step);
        if (shelf.contains("a")) {
            assertThat(shelf.array("a").toLongArray()).as("a").containsOnly(step);
            assertThat(shelf.array("b").toLongArray()).as("b").containsOnly(3 * step);
        }
        for (String name : shelf.names()) {
            if (name.startsWith("pair-")) {
                long[] pair = shelf.array(name).toLongArray();
                assertThat(pair).as(name).containsOnly(pair[0]);
                assertThat(pair[0]).as(name).isBetween(1L, step);
            }
        }
        return step;
    }

    /** {@code n} is all {@code step}, {@code m} all {@code 3 step}: never one half of a transaction. */
    public static void verifyPairs(long[] n, long[] m, long step) {
        for (int i = 0; i < n.length; i++) {
            if (n[i] != step || m[i] != 3 * step) {
                throw new AssertionError("after step " + step + ": n[" + i + "] = " + n[i] + ", m[" + i + "] = " + m[i]);
            }
        }
    }
}
