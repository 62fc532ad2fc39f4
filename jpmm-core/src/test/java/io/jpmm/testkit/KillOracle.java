package io.jpmm.testkit;

import io.jpmm.Shelf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shelf must hold after its writer was killed during a {@link KillWorkload}: the state of
 * every acknowledged operation, or that state with the operation in flight applied (for writes in
 * place, any byte-wise mix of before and after). Never anything else.
 */
public final class KillOracle {
    /** A variable's expected value. */
    private record Held(long version, KillValues.Spec spec) {
    }

    private Map<String, Held> acknowledged = new HashMap<>();
    private String[] inFlight;
    private int acknowledgedCount;
    private int killsInFlight;

    /** Feeds one line of {@link KillWorkload} output. */
    public void accept(String line) {
        if (line.startsWith("BEGIN ")) {
            inFlight = line.substring(6).split(" ");
        } else if (line.equals("ACK")) {
            acknowledged = apply(acknowledged, inFlight);
            acknowledgedCount++;
            inFlight = null;
        } else if (line.equals("REFUSED")) {
            inFlight = null;
        }
    }

    /** Lines a kill cut off are dropped: only complete announcements count. */
    public static boolean isComplete(String line) {
        return line.equals("READY") || line.equals("ACK") || line.equals("REFUSED")
                || line.matches("BEGIN (put|create|rewrite) v\\d+ \\d+|BEGIN erase v\\d+|BEGIN rename v\\d+ v\\d+");
    }

    /**
     * Checks the shelf, then makes what it holds the acknowledged state. A variable left half written
     * in place is erased, so the next round starts from known values.
     *
     * @throws AssertionError if the shelf holds a state the workload never produced
     */
    public void verifyAndSettle(Shelf shelf) {
        if (inFlight != null) {
            killsInFlight++;
        }
        boolean before = matches(shelf, acknowledged);
        boolean after = !before && inFlight != null && matchesAfter(shelf);
        if (!before && !after) {
            throw new AssertionError("after the kill the shelf holds " + shelf.variables() + "; acknowledged state "
                    + acknowledged.keySet() + (inFlight == null ? "" : ", in flight: " + String.join(" ", inFlight)));
        }
        if (after) {
            String target = inFlight[1];
            boolean partial = (inFlight[0].equals("create") || inFlight[0].equals("rewrite"))
                    && !KillValues.holds(shelf, target, Long.parseLong(inFlight[2]), specAfter(target));
            acknowledged = apply(acknowledged, inFlight);
            if (partial) {
                shelf.erase(target);
                acknowledged.remove(target);
            }
        }
        inFlight = null;
    }

    private boolean matchesAfter(Shelf shelf) {
        Map<String, Held> state = apply(acknowledged, inFlight);
        if (!inFlight[0].equals("create") && !inFlight[0].equals("rewrite")) {
            return matches(shelf, state);
        }
        String target = inFlight[1];
        Map<String, Held> others = new HashMap<>(state);
        Held written = others.remove(target);
        if (!shelf.contains(target) || !namesMatch(shelf, state) || !valuesMatch(shelf, others)) {
            return false;
        }
        long from = inFlight[0].equals("create") ? -1 : acknowledged.get(target).version();
        return KillValues.holdsMix(shelf, target, from, written.version(), written.spec());
    }

    private KillValues.Spec specAfter(String target) {
        return apply(acknowledged, inFlight).get(target).spec();
    }

    private static boolean matches(Shelf shelf, Map<String, Held> state) {
        return namesMatch(shelf, state) && valuesMatch(shelf, state);
    }

    private static boolean namesMatch(Shelf shelf, Map<String, Held> state) {
        List<String> names = shelf.names();
        return names.equals(state.keySet().stream().sorted().toList());
    }

    private static boolean valuesMatch(Shelf shelf, Map<String, Held> state) {
        return state.entrySet().stream()
                .allMatch(entry -> KillValues.holds(shelf, entry.getKey(), entry.getValue().version(), entry.getValue().spec()));
    }

    private static Map<String, Held> apply(Map<String, Held> state, String[] operation) {
        Map<String, Held> after = new HashMap<>(state);
        switch (operation[0]) {
            case "put" -> after.put(operation[1], new Held(Long.parseLong(operation[2]), KillValues.spec(Long.parseLong(operation[2]))));
            case "create" -> after.put(operation[1], new Held(Long.parseLong(operation[2]), KillValues.arraySpec(Long.parseLong(operation[2]))));
            case "rewrite" -> after.put(operation[1], new Held(Long.parseLong(operation[2]), state.get(operation[1]).spec()));
            case "erase" -> after.remove(operation[1]);
            case "rename" -> {
                if (!operation[1].equals(operation[2])) {
                    Held moved = after.remove(operation[1]);
                    after.put(operation[2], moved);
                }
            }
            default -> throw new IllegalArgumentException("unknown operation " + String.join(" ", operation));
        }
        return after;
    }

    public int acknowledgedCount() {
        return acknowledgedCount;
    }

    public int killsInFlight() {
        return killsInFlight;
    }
}
