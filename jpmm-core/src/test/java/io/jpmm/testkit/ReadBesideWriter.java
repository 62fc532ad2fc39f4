package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * Child-JVM main: opens a shelf read-only beside its writer and prints {@code OPENED}; then, for
 * each line {@code REFRESH} on stdin, refreshes and prints a digest of what it sees followed by
 * {@code END}. Args: directory, shelf name.
 */
public final class ReadBesideWriter {
    public static void main(String[] args) throws Exception {
        var out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        var in = new BufferedReader(new InputStreamReader(System.in));
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])).readOnly())) {
            out.println("OPENED");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("REFRESH")) {
                    shelf.refresh();
                    ShelfDigest.of(shelf).forEach(out::println);
                    out.println("END");
                }
            }
        }
    }
}
