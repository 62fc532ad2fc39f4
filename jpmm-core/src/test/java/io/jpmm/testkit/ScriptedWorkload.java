package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A deterministic list of shelf operations, run against a shelf while a {@link StateOracle} tracks
 * what every moment's durable state may be. Values are determined by a version number, so any state
 * can be checked bit for bit.
 */
public final class ScriptedWorkload {

    /** One operation. */
    public sealed interface Op {
        /** put of an int64 array holding {@code version} in every element */
        record PutArray(String name, long version) implements Op {
        }

        /** put of the {@code Long} scalar {@code version} */
        record PutScalar(String name, long version) implements Op {
        }

        /** ndarray created in place, then filled with {@code version} and persisted: not atomic */
        record CreateInPlace(String name, long version) implements Op {
        }

        record Erase(String name) implements Op {
        }

        record Rename(String from, String to) implements Op {
        }

        /** the shelf closed and recreated empty with forceNew */
        record Recreate() implements Op {
        }
    }

    private ScriptedWorkload() {
    }

    /** The length of the array of {@code version}. */
    public static long arrayLength(long version) {
        return 1 + Math.floorMod(version * 7919, 1500);
    }

    public static NdArray arrayValue(long version) {
        return NdArray.allocate(DType.INT64, arrayLength(version)).fill(version);
    }

    /**
     * A random script of {@code count} operations over {@code names} variable names (each name
     * {@code nameLength} characters long, to fill the log faster when wanted).
     */
    public static List<Op> random(long seed, int count, int names, int nameLength, boolean recreate) {
        var random = new SplittableRandom(seed);
        List<Op> ops = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = name(random.nextInt(names), nameLength);
            int choice = random.nextInt(recreate ? 100 : 99);
            ops.add(switch (choice / 11) {
                case 0, 1, 2 -> new Op.PutArray(name, i);
                case 3, 4 -> new Op.PutScalar(name, i);
                case 5 -> new Op.CreateInPlace(name, i);
                case 6, 7 -> new Op.Erase(name);
                case 8 -> new Op.Rename(name, name(random.nextInt(names), nameLength));
                default -> new Op.Recreate();
            });
        }
        return ops;
    }

    private static String name(int index, int length) {
        String base = "v" + index;
        return base + "_".repeat(Math.max(0, length - base.length()));
    }

    /**
     * Runs {@code ops}; {@code open} opens the shelf (its argument says whether to force a new one).
     * Operations the shelf refuses as full, or on a missing variable, change nothing and are dropped
     * from the oracle. Returns the shelf, still open.
     */
    public static Shelf run(List<Op> ops, Function<Boolean, Shelf> open, StateOracle oracle) {
        Shelf shelf = open.apply(false);
        for (Op op : ops) {
            oracle.begin(op);
            try {
                shelf = perform(shelf, op, open);
                oracle.acknowledge();
            } catch (ShelfFullException | io.jpmm.NoSuchVariableException refused) {
                oracle.refused();
            }
        }
        return shelf;
    }

    /** Performs one operation; returns the shelf to continue with (a new one after {@link Op.Recreate}). */
    public static Shelf perform(Shelf shelf, Op op, Function<Boolean, Shelf> open) {
        switch (op) {
            case Op.PutArray(String name, long version) -> shelf.put(name, arrayValue(version));
            case Op.PutScalar(String name, long version) -> shelf.put(name, version);
            case Op.CreateInPlace(String name, long version) ->
                    shelf.ndarray(name, DType.INT64, arrayLength(version)).fill(version).persist();
            case Op.Erase(String name) -> shelf.erase(name);
            case Op.Rename(String from, String to) -> shelf.rename(from, to);
            case Op.Recreate() -> {
                shelf.close();
                return open.apply(true);
            }
        }
        return shelf;
    }
}
