package io.jpmm.testkit;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.VariableKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The states a shelf may be in after a crash during a {@link ScriptedWorkload}: the state of every
 * acknowledged operation, or that state with the one operation in flight applied. Never a mix.
 */
public final class StateOracle {

    /** What a variable must hold. */
    sealed interface Expected {
        record Array(long version) implements Expected {
        }

        record Scalar(long version) implements Expected {
        }

        /**
         * An array created in place whose fill may be partly done: each element 0 or the version, or,
         * if torn writes may leave garbage, anything (writes in place are not atomic).
         */
        record PartlyFilled(long version) implements Expected {
        }
    }

    private Map<String, Expected> acknowledged = new HashMap<>();
    private ScriptedWorkload.Op inFlight;

    public synchronized void begin(ScriptedWorkload.Op op) {
        inFlight = op;
    }

    public synchronized void acknowledge() {
        acknowledged = apply(acknowledged, inFlight, false);
        inFlight = null;
    }

    /** The operation was refused (shelf full, no such variable): nothing changed. */
    public synchronized void refused() {
        inFlight = null;
    }

    /** Which state {@code shelf} shows. */
    public enum Outcome { BEFORE_OPERATION, AFTER_OPERATION }

    /**
     * Checks that {@code shelf} holds one of the allowed states.
     *
     * @param tornWritesLeaveGarbage whether unfinished writes in place may have left arbitrary bytes
     * @throws AssertionError describing the difference if it holds neither
     */
    public synchronized Outcome check(Shelf shelf, boolean tornWritesLeaveGarbage) {
        if (matches(shelf, acknowledged, tornWritesLeaveGarbage)) {
            return Outcome.BEFORE_OPERATION;
        }
        if (inFlight != null && matches(shelf, apply(acknowledged, inFlight, true), tornWritesLeaveGarbage)) {
            return Outcome.AFTER_OPERATION;
        }
        throw new AssertionError("shelf holds " + describe(shelf) + "; expected " + acknowledged
                + (inFlight == null ? "" : " or that after " + inFlight));
    }

    private static Map<String, Expected> apply(Map<String, Expected> state, ScriptedWorkload.Op op, boolean partial) {
        Map<String, Expected> after = new HashMap<>(state);
        switch (op) {
            case ScriptedWorkload.Op.PutArray(String name, long version) -> after.put(name, new Expected.Array(version));
            case ScriptedWorkload.Op.PutScalar(String name, long version) -> after.put(name, new Expected.Scalar(version));
            case ScriptedWorkload.Op.CreateInPlace(String name, long version) ->
                    after.put(name, partial ? new Expected.PartlyFilled(version) : new Expected.Array(version));
            case ScriptedWorkload.Op.Erase(String name) -> after.remove(name);
            case ScriptedWorkload.Op.Rename(String from, String to) -> {
                Expected moved = after.remove(from);
                if (moved != null) {
                    after.put(to, moved);
                }
            }
            case ScriptedWorkload.Op.Recreate() -> after.clear();
        }
        return after;
    }

    private static boolean matches(Shelf shelf, Map<String, Expected> state, boolean garbageAllowed) {
        List<String> names = shelf.names();
        if (!names.equals(state.keySet().stream().sorted().toList())) {
            return false;
        }
        for (String name : names) {
            if (!holds(shelf, name, state.get(name), garbageAllowed)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(Shelf shelf, String name, Expected expected, boolean garbageAllowed) {
        var info = shelf.info(name);
        return switch (expected) {
            case Expected.Scalar(long version) -> info.kind() == VariableKind.SCALAR && shelf.get(name).equals(version);
            case Expected.Array(long version) ->
                    info.kind() == VariableKind.ARRAY && ScriptedWorkload.arrayValue(version).equals(shelf.get(name));
            case Expected.PartlyFilled(long version) -> {
                if (info.kind() != VariableKind.ARRAY || info.shape().size() != ScriptedWorkload.arrayLength(version)) {
                    yield false;
                }
                if (garbageAllowed) {
                    yield true;
                }
                for (long element : ((NdArray) shelf.get(name)).toLongArray()) {
                    if (element != 0 && element != version) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private static String describe(Shelf shelf) {
        Map<String, String> state = new HashMap<>();
        for (String name : shelf.names()) {
            state.put(name, shelf.info(name).toString());
        }
        return state.toString();
    }
}
