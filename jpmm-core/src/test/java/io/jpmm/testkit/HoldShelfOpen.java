package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelvesOnMedium;
import java.nio.file.Path;

/**
 * Child-JVM main: opens a shelf (args: directory, name, "write" or "read"), says READY, waits for
 * stdin to close. With {@code -Djpmm.test.crashAt=N} it dies at that step of its medium.
 */
public final class HoldShelfOpen {
    public static void main(String[] args) throws Exception {
        ShelfOptions options = ShelfOptions.at(Path.of(args[0]));
        try (Shelf shelf = ShelvesOnMedium.open(args[1], args[2].equals("read") ? options.readOnly() : options,
                CrashingMedium.fromProperty())) {
            System.out.println("READY " + shelf.names().size());
            System.out.flush();
            System.in.read();
        }
    }
}
