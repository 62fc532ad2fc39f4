package io.jpmm.numpy;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child-JVM main: imports a .npy file into a shelf variable, printing {@code PROGRESS p} (percent)
 * as the data arrives and {@code DONE} when the import returned. Args: directory, shelf, variable,
 * file.
 */
public final class ImportInChild {
    public static void main(String[] args) throws Exception {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])))) {
            int[] reported = {-1};
            Npy.importInto(shelf, args[2], Path.of(args[3]), (done, total) -> {
                int percent = (int) (100 * done / total);
                if (percent != reported[0]) {
                    reported[0] = percent;
                    out.println("PROGRESS " + percent);
                }
            });
            out.println("DONE");
        }
    }
}
