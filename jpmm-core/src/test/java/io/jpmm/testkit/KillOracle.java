package io.jpmm.testkit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a shelf must hold after a kill: the state every acknowledged operation produced, plus, for
 * the one operation in flight, either its effect or none.
 */
public final class KillOracle {
    private final Map<String, Long> acknowledged = new HashMap<>();
    private String[] inFlight;

    /** Feeds one line of {@link KillWorkload} output. */
    public void accept(String line) {
        if (line.startsWith("BEGIN ")) {
            inFlight = line.substring(6).split(" ");
        } else if (line.equals("ACK")) {
            apply(acknowledged, inFlight);
            inFlight = null;
        }
    }

    /** The versions {@code name} may hold now; empty optional means "absent". */
    public Set<Optional<Long>> allowed(String name) {
        Set<Optional<Long>> allowed = new HashSet<>();
        allowed.add(Optional.ofNullable(acknowledged.get(name)));
        if (inFlight != null) {
            Map<String, Long> after = new HashMap<>(acknowledged);
            apply(after, inFlight);
            allowed.add(Optional.ofNullable(after.get(name)));
        }
        return allowed;
    }

    /** After verification: settles the in-flight operation the way the shelf did. */
    public void settle(Map<String, Long> actual) {
        acknowledged.clear();
        acknowledged.putAll(actual);
        inFlight = null;
    }

    public boolean hadOperationInFlight() {
        return inFlight != null;
    }

    private static void apply(Map<String, Long> state, String[] operation) {
        switch (operation[0]) {
            case "put" -> state.put(operation[1], Long.parseLong(operation[2]));
            case "erase" -> state.remove(operation[1]);
            case "rename" -> {
                if (!operation[1].equals(operation[2])) {
                    Long moved = state.remove(operation[1]);
                    state.put(operation[2], moved);
                }
            }
            default -> throw new IllegalArgumentException("unknown operation " + String.join(" ", operation));
        }
    }

    /** How many operations were acknowledged in total. */
    public static int countAcks(Iterable<String> lines) {
        int acks = 0;
        for (String line : lines) {
            acks += line.equals("ACK") ? 1 : 0;
        }
        return acks;
    }

    public Set<String> names() {
        return new HashSet<>(acknowledged.keySet());
    }
}
