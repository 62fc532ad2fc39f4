package io.jpmm.testkit;

import io.jpmm.Shelf;
import io.jpmm.ShelfFullException;
import io.jpmm.ShelfOptions;
import io.jpmm.VariableKind;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child-JVM main for kill tests: changes variables forever, announcing each operation before it
 * starts ({@code BEGIN ...}) and acknowledging it after it returned ({@code ACK}). Operations: put
 * (new or replacing, any kind, dtype and size), erase, rename, create in place then fill and
 * persist, rewrite in place then persist. Args: directory, shelf name, random seed, first version.
 */
public final class KillWorkload {
    public static final int NAMES = 8;

    public static void main(String[] args) {
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        var random = new SplittableRandom(Long.parseLong(args[2]));
        long version = Long.parseLong(args[3]);
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])))) {
            out.println("READY");
            while (true) {
                String name = "v" + random.nextInt(NAMES);
                int choice = random.nextInt(20);
                version++;
                try {
                    if (choice < 10 || !shelf.contains(name)) {
                        out.println("BEGIN put " + name + " " + version);
                        shelf.put(name, KillValues.value(version, KillValues.spec(version)));
                    } else if (choice < 13) {
                        out.println("BEGIN erase " + name);
                        shelf.erase(name);
                    } else if (choice < 15) {
                        String target = "v" + random.nextInt(NAMES);
                        out.println("BEGIN rename " + name + " " + target);
                        shelf.rename(name, target);
                    } else if (choice < 17) {
                        var spec = KillValues.arraySpec(version);
                        out.println("BEGIN create " + name + " " + version);
                        shelf.ndarray(name, spec.dtype(), spec.shape())
                                .copyFrom(KillValues.value(version, spec)).persist();
                    } else if (shelf.info(name).kind() == VariableKind.ARRAY) {
                        var info = shelf.info(name);
                        var spec = new KillValues.Spec(VariableKind.ARRAY, info.dtype(), info.shape().toArray());
                        out.println("BEGIN rewrite " + name + " " + version);
                        shelf.array(name).copyFrom(KillValues.value(version, spec)).persist();
                    } else {
                        continue;
                    }
                    out.println("ACK");
                } catch (ShelfFullException full) {
                    out.println("REFUSED");
                }
            }
        }
    }
}
