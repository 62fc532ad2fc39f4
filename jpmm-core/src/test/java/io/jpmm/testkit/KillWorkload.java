package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child-JVM main for kill tests: puts, replaces, renames and erases variables forever, announcing
 * each operation before it starts ({@code BEGIN ...}) and acknowledging it after it returned
 * ({@code ACK}). Args: directory, shelf name, random seed, first version number.
 *
 * <p>Every value is {@link #value(long) determined by its version}, so the parent can check
 * contents bit for bit after killing this process.
 */
public final class KillWorkload {
    public static final int NAMES = 8;

    /** The value of version {@code version}: int64 elements {@code version * 1_000_003 + i}. */
    public static NdArray value(long version) {
        long length = 1 + Math.floorMod(version * 7919, 30_000);
        NdArray array = NdArray.allocate(DType.INT64, length);
        long[] elements = new long[(int) length];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = version * 1_000_003 + i;
        }
        return array.copyFrom(elements);
    }

    /** The version whose value {@code array} holds, or -1 if it holds no such value. */
    public static long versionOf(NdArray array) {
        if (array.size() == 0) {
            return -1;
        }
        long version = Math.floorDiv(array.getLong(0), 1_000_003);
        return value(version).equals(array) ? version : -1;
    }

    public static void main(String[] args) {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        var random = new SplittableRandom(Long.parseLong(args[2]));
        long version = Long.parseLong(args[3]);
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])))) {
            out.println("READY");
            while (true) {
                String name = "v" + random.nextInt(NAMES);
                int choice = random.nextInt(10);
                if (choice < 6 || !shelf.contains(name)) {
                    version++;
                    out.println("BEGIN put " + name + " " + version);
                    shelf.put(name, value(version));
                } else if (choice < 8) {
                    out.println("BEGIN erase " + name);
                    shelf.erase(name);
                } else {
                    String target = "v" + random.nextInt(NAMES);
                    out.println("BEGIN rename " + name + " " + target);
                    shelf.rename(name, target);
                }
                out.println("ACK");
            }
        }
    }
}
