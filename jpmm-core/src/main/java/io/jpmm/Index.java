package io.jpmm;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a NumPy index: an integer, a slice {@code start:stop:step}, {@code newaxis} or an
 * ellipsis. {@link NdArray#get(Index...)} takes them in order, one per axis, as {@code a[...]}
 * does in Python; {@link #parse(String)} reads Python's notation.
 *
 * {@snippet :
 * a.get(Index.all(), Index.at(0));             // a[:, 0]
 * a.get(Index.slice(null, null, -1L));         // a[::-1]
 * a.get(":, 0");                               // the same as the first, parsed
 * a.get("-3::-1, np.newaxis, ...");            // negative steps, new axes, ellipsis
 * }
 */
public sealed interface Index {

    /** An integer index: selects one element along its axis, which disappears. Negative counts from the end. */
    record At(long index) implements Index {
        @Override
        public String toString() {
            return Long.toString(index);
        }
    }

    /**
     * Python's {@code start:stop:step}: a null bound means "from the first element in the direction of
     * the step" (or "to the last"); negative bounds count from the end; bounds past either end are
     * clamped; a negative step walks backwards.
     */
    record Slice(Long start, Long stop, long step) implements Index {
        public Slice {
            if (step == 0) {
                throw new IllegalArgumentException("slice step cannot be zero");
            }
        }

        @Override
        public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop) + (step == 1 ? "" : ":" + step);
        }
    }

    /** NumPy's {@code newaxis} ({@code None}): a new axis of length 1. */
    record NewAxis() implements Index {
        @Override
        public String toString() {
            return "np.newaxis";
        }
    }

    /** Python's {@code ...}: as many full slices as the axes not otherwise indexed. */
    record Ellipsis() implements Index {
        @Override
        public String toString() {
            return "...";
        }
    }

    static Index at(long index) {
        return new At(index);
    }

    /** {@code :}, every element. */
    static Slice all() {
        return new Slice(null, null, 1);
    }

    /** {@code start:stop}. */
    static Slice range(long start, long stop) {
        return new Slice(start, stop, 1);
    }

    /** {@code start:stop:step}, with null for an omitted bound. */
    static Slice slice(Long start, Long stop, long step) {
        return new Slice(start, stop, step);
    }

    static Index newAxis() {
        return new NewAxis();
    }

    static Index ellipsis() {
        return new Ellipsis();
    }

    /**
     * Reads an index in Python's notation: entries separated by commas, each an integer, a slice
     * ({@code 1:3}, {@code ::-1}, {@code -3:}), {@code ...}, or {@code None} / {@code newaxis} /
     * {@code np.newaxis}. An empty string is the empty index {@code a[()]}.
     *
     * @throws IllegalArgumentException naming the entry that is not one of these
     */
    static Index[] parse(String text) {
        List<Index> entries = new ArrayList<>();
        if (text.isBlank()) {
            return new Index[0];
        }
        for (String raw : text.split(",", -1)) {
            String entry = raw.strip();
            entries.add(switch (entry) {
                case "..." -> ellipsis();
                case "None", "newaxis", "np.newaxis", "numpy.newaxis" -> newAxis();
                default -> entry.contains(":") ? parseSlice(entry, text) : new At(parseLong(entry, text));
            });
        }
        return entries.toArray(Index[]::new);
    }

    private static Slice parseSlice(String entry, String text) {
        String[] parts = entry.split(":", -1);
        if (parts.length > 3) {
            throw new IllegalArgumentException("\"" + entry + "\" in index \"" + text + "\" has more than two colons");
        }
        Long start = parts[0].isBlank() ? null : parseLong(parts[0], text);
        Long stop = parts[1].isBlank() ? null : parseLong(parts[1], text);
        long step = parts.length < 3 || parts[2].isBlank() ? 1 : parseLong(parts[2], text);
        if (step == 0) {
            throw new IllegalArgumentException("slice step cannot be zero (in index \"" + text + "\")");
        }
        return new Slice(start, stop, step);
    }

    private static long parseLong(String number, String text) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("\"" + number.strip() + "\" in index \"" + text + "\" is not an integer,"
                    + " a slice (start:stop:step), ... or None");
        }
    }
}
