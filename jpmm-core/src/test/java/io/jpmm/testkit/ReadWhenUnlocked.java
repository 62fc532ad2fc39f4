package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfLockedException;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;

/**
 * Child-JVM main: tries to open a shelf read-only until the writer holding it is gone. Prints
 * {@code LOCKED OUT} the first time it is refused, then {@code OPENED} and a digest of what it
 * found. Args: directory, shelf name.
 */
public final class ReadWhenUnlocked {
    public static void main(String[] args) throws InterruptedException {
        var out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        boolean lockedOut = false;
        while (true) {
            try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])).readOnly())) {
                out.println("OPENED");
                ShelfDigest.of(shelf).forEach(out::println);
                return;
            } catch (ShelfLockedException writerAlive) {
                if (!lockedOut) {
                    out.println("LOCKED OUT");
                    lockedOut = true;
                }
                Thread.sleep(2);
            }
        }
    }
}
