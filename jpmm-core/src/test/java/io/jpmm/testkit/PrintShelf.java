package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;

/** Child-JVM main: prints every array of a shelf as {@code name=repr}, one per line. Args: directory, shelf name. */
public final class PrintShelf {
    public static void main(String[] args) {
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])).readOnly())) {
            for (String name : shelf.names()) {
                System.out.println(name + "=" + shelf.array(name).toFullString().replaceAll("\\s+", " "));
            }
        }
    }
}
