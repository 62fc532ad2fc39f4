package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child-JVM main: a reader beside the {@link PairedTransactions} writer. It refreshes and reads the
 * committed state over and over until its stdin closes: {@code step}, and arrays {@code a} (all
 * {@code step}) and {@code b} (all {@code 3 step}) that each transaction puts together, and every
 * {@code pair-i} (all one value, no newer than {@code step}). A torn extent, an extent reused while
 * this reader could see it, or one half of a pair shows as a {@code VIOLATION} line and exit status
 * 1; otherwise it prints {@code CHECKS n} and exits 0. Args: directory, shelf name.
 */
public final class ReadPairs {
    public static void main(String[] args) throws Exception {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        Thread stop = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for the parent to close stdin
                }
            } catch (java.io.IOException closed) {
                // the parent is gone
            }
        });
        long checks = 0;
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])).readOnly())) {
            out.println("READY");
            while (stop.isAlive()) {
                shelf.refresh();
                try {
                    check(shelf);
                    checks++;
                } catch (AssertionError violation) {
                    out.println("VIOLATION " + violation.getMessage());
                    System.exit(1);
                }
            }
        }
        out.println("CHECKS " + checks);
    }

    private static void check(Shelf shelf) {
        if (!shelf.contains("a")) {
            return;
        }
        long step = shelf.longValue("step");
        long[] a = shelf.array("a").toLongArray();
        long[] b = shelf.array("b").toLongArray();
        for (int i = 0; i < a.length; i++) {
            if (a[i] != step || b[i] != 3 * step) {
                throw new AssertionError("step " + step + ": a[" + i + "] = " + a[i] + ", b[" + i + "] = " + b[i]);
            }
        }
        for (String name : shelf.names()) {
            if (name.startsWith("pair-")) {
                long[] pair = shelf.array(name).toLongArray();
                for (long value : pair) {
                    if (value != pair[0] || value < 1 || value > step) {
                        throw new AssertionError(name + " holds " + value + " and " + pair[0] + " at step " + step);
                    }
                }
            }
        }
    }
}
