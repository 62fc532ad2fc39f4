package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long reopening takes for a small and a large shelf of the same number of variables: open,
 * list, and read one element. jpmm's cost depends on the catalog, not on the data; the peer, Java
 * deserialisation of the same arrays, reads every byte.
 */
final class ReopenTime {
    private static final int VARIABLES = 10;

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench");
        long largeBytes = options.number("large-mib", 2048) << 20;
        long smallBytes = 10L << 20;
        int runs = (int) options.number("runs", 21);
        Files.createDirectories(directory);
        double smallShelf = reopen(directory, "small", smallBytes, runs);
        double largeShelf = reopen(directory, "large", largeBytes, runs);
        double smallJava = deserialize(directory, smallBytes, 5);
        double largeJava = largeBytes <= 4L << 30 ? deserialize(directory, largeBytes, 3) : Double.NaN;
        System.out.printf("reopen: %d variables totalling %d MiB vs %d MiB in %s (%s), median of %d runs%n",
                VARIABLES, smallBytes >> 20, largeBytes >> 20, directory, Files.getFileStore(directory).type(), runs);
        System.out.println("JDK/machine: " + Timing.machine());
        System.out.println();
        System.out.println("| method | small (ms) | large (ms) | large / small |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| jpmm: Shelf.open + names + first element | %.3f | %.3f | %.2f |%n",
                smallShelf * 1e3, largeShelf * 1e3, largeShelf / smallShelf);
        System.out.printf("| Java deserialization of the same arrays | %.3f | %.3f | %.2f |%n",
                smallJava * 1e3, largeJava * 1e3, largeJava / smallJava);
    }

    private static double reopen(Path directory, String name, long totalBytes, int runs) throws Exception {
        long elements = totalBytes / VARIABLES / 8;
        try (Shelf shelf = Shelf.open(name, ShelfOptions.at(directory).sizeBytes(totalBytes + (64L << 20)).forceNew())) {
            for (int i = 0; i < VARIABLES; i++) {
                shelf.ndarray("array" + i, DType.FLOAT64, elements).fill(i);
            }
        }
        double seconds = Timing.medianSeconds(runs, () -> { }, () -> {
            try (Shelf shelf = Shelf.open(name, ShelfOptions.at(directory))) {
                if (shelf.names().size() != VARIABLES || shelf.array("array3").getDouble(0) != 3) {
                    throw new IllegalStateException("wrong content");
                }
            }
        });
        Files.delete(directory.resolve(name + ".jpmm"));
        return seconds;
    }

    private static double deserialize(Path directory, long totalBytes, int runs) throws Exception {
        Path file = directory.resolve("serialized.bin");
        int elements = (int) (totalBytes / VARIABLES / 8);
        try (var out = new ObjectOutputStream(new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 20))) {
            for (int i = 0; i < VARIABLES; i++) {
                double[] values = new double[elements];
                java.util.Arrays.fill(values, i);
                out.writeObject(values);
            }
        }
        double seconds = Timing.medianSeconds(runs, () -> { }, () -> {
            try (var in = new ObjectInputStream(new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 20))) {
                for (int i = 0; i < VARIABLES; i++) {
                    if (((double[]) in.readObject())[0] != i) {
                        throw new IllegalStateException("wrong content");
                    }
                }
            }
        });
        Files.delete(file);
        return seconds;
    }
}
