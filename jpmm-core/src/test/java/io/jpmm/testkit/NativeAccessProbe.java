package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;

/** Child-JVM main: creates a shelf and puts a large array, then prints its sum. */
public final class NativeAccessProbe {
    public static void main(String[] args) {
        try (Shelf shelf = Shelf.open("probe", ShelfOptions.at(Path.of(args[0])).sizeMb(32))) {
            shelf.ndarray("x", DType.FLOAT64, 1 << 20).fill(0.5);
            shelf.put("y", shelf.array("x"));
            System.out.println(shelf.array("y").sum().getDouble());
        }
    }
}
