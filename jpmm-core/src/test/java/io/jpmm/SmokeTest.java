package io.jpmm;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir Path dir;

    @Test
    void smoke() {
        try (Shelf shelf = Shelf.open("s", ShelfOptions.at(dir).sizeMb(8))) {
            NdArray x = shelf.ndarray("x", DType.INT64, 3, 4);
            x.set(9L, 1, 1);
            shelf.put("y", NdArray.of(new double[][] {{1, 2}, {3, 4}}));
            shelf.put("label", "run 7");
            shelf.put("epoch", -3L);
            System.out.println(x);
            System.out.println(shelf.array("y"));
            System.out.println(shelf.names() + " " + shelf.usedPercent() + " " + shelf.medium());
            System.out.println(shelf.get("label") + " " + shelf.get("epoch"));
        }
        try (Shelf shelf = Shelf.open("s", ShelfOptions.at(dir))) {
            System.out.println(shelf.array("x") + " " + shelf.variables());
            NdArray big = shelf.ndarray("big", DType.FLOAT32, 100, 100);
            big.fill(1.5);
            System.out.println(big + " " + big.sum());
            try { shelf.put("bad", new Object()); } catch (UnsupportedTypeException e) { System.out.println(e.getMessage()); }
            try { shelf.string("x"); } catch (WrongKindException e) { System.out.println(e.getMessage()); }
        }
    }
}
