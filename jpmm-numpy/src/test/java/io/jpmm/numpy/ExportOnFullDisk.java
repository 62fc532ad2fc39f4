package io.jpmm.numpy;

import io.jpmm.DType;
import io.jpmm.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child-JVM main, run on a 6 MiB tmpfs: exports a small array, then an 8 MiB one over it, which the
 * disk cannot hold. Prints what it finds: the failure, whether the old file is intact, and whether
 * temporary files were left. Arg: the tmpfs directory.
 */
public final class ExportOnFullDisk {
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args[0]);
        Path file = directory.resolve("weights.npy");
        Npy.save(NdArray.allocate(DType.FLOAT64, 1000).fill(2.5), file);
        byte[] before = Files.readAllBytes(file);
        try {
            Npy.save(NdArray.allocate(DType.FLOAT64, 1 << 20).fill(7), file);
            System.out.println("the export did not fail");
        } catch (IOException full) {
            System.out.println("export failed: " + full.getMessage().toLowerCase(java.util.Locale.ROOT));
        }
        System.out.println(Arrays.equals(before, Files.readAllBytes(file)) ? "old file intact" : "OLD FILE CHANGED");
        try (var files = Files.list(directory)) {
            var names = files.map(path -> path.getFileName().toString()).toList();
            System.out.println(names.equals(java.util.List.of("weights.npy")) ? "no temporary files" : "left: " + names);
        }
    }
}
