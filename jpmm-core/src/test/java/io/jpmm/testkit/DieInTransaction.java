package io.jpmm.testkit;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelfTransaction;
import java.nio.file.Path;

/**
 * Child-JVM main: opens shelf (args: directory, name), begins a transaction, tracks array {@code n}
 * and fills it with 99 in place, persists that, and dies as SIGKILL would: the transaction is left
 * unfinished on the shelf.
 */
public final class DieInTransaction {
    public static void main(String[] args) {
        Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])));
        ShelfTransaction tx = shelf.begin();
        NdArray n = tx.track(shelf.array("n"));
        n.fill(99L).persist();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
