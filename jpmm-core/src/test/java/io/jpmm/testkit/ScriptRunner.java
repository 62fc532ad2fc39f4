package io.jpmm.testkit;

import io.jpmm.NoSuchVariableException;
import io.jpmm.Shelf;
import io.jpmm.ShelfFullException;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelvesOnMedium;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Child-JVM main: runs a {@link ScriptedWorkload} on a shelf and reports each operation by its
 * index: {@code BEGIN i} before, {@code ACK i} or {@code REFUSED i} after, and at the end
 * {@code STEPS n}, the number of crash steps of its {@link CrashingMedium}. Args: directory, shelf
 * name, shelf size in KiB, script seed, operation count, name count, name length, and whether the
 * script recreates the shelf now and then.
 */
public final class ScriptRunner {

    /** The script the arguments describe, the same in the parent as in the child. */
    public static List<ScriptedWorkload.Op> script(String[] args) {
        return ScriptedWorkload.random(Long.parseLong(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]), Boolean.parseBoolean(args[7]));
    }

    public static void main(String[] args) {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        ShelfOptions options = ShelfOptions.at(Path.of(args[0])).sizeBytes(Long.parseLong(args[2]) << 10);
        CrashingMedium medium = CrashingMedium.fromProperty();
        Function<Boolean, Shelf> open = forceNew -> ShelvesOnMedium.open(args[1], forceNew ? options.forceNew() : options,
                medium);
        List<ScriptedWorkload.Op> ops = script(args);
        out.println("BEGIN -1");
        Shelf shelf = open.apply(false);
        out.println("ACK -1");
        for (int i = 0; i < ops.size(); i++) {
            out.println("BEGIN " + i);
            try {
                shelf = ScriptedWorkload.perform(shelf, ops.get(i), open);
                out.println("ACK " + i);
            } catch (ShelfFullException | NoSuchVariableException refused) {
                out.println("REFUSED " + i);
            }
        }
        shelf.close();
        out.println("STEPS " + medium.steps());
    }

    /** Feeds the output of a run into {@code oracle}; the op with index -1 is the first open. */
    public static void replay(List<String> lines, List<ScriptedWorkload.Op> ops, StateOracle oracle) {
        for (String line : lines) {
            if (line.startsWith("STEPS ")) {
                continue;
            }
            String[] words = line.split(" ");
            int index = Integer.parseInt(words[1]);
            switch (words[0]) {
                case "BEGIN" -> oracle.begin(index < 0 ? new ScriptedWorkload.Op.Recreate() : ops.get(index));
                case "ACK" -> oracle.acknowledge();
                case "REFUSED" -> oracle.refused();
                default -> throw new IllegalArgumentException(line);
            }
        }
    }
}
