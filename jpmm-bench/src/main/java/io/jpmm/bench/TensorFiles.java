package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.safetensors.Safetensors;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * safetensors at disk speed, and the time to a first inference. Part one, side by side in one run,
 * taking turns in each round: {@code cp} + {@code sync} of a safetensors file (the reference),
 * {@code Safetensors.importInto} a new shelf, and {@code Safetensors.exportPrefix} from it (each ends
 * durable); medians of the rounds. Part two: a fresh JVM
 * runs relu(x @ w + b) with ONNX Runtime on weights of the same size, once taking them from a
 * reopened shelf ({@link FirstInference} {@code shelf}: mapped, zero-copy) and once loading them from
 * the safetensors file into direct buffers ({@code file}, what ORT's Java users do), alternately,
 * with the page cache dropped before each run where the process may (root).
 */
final class TensorFiles {
    private static final String[] SHELF_FILES = {".jpmm", ".jpmm.lock"};

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench").resolve("tensor-files");
        long mib = options.number("mib", 1024);
        int runs = (int) options.number("runs", 3);
        boolean cold = Boolean.parseBoolean(options.text("cold", "true"));
        Files.createDirectories(directory);
        long bytes = mib << 20;
        Path source = directory.resolve("source.safetensors");
        makeWeights(directory, source, bytes);

        Path copy = directory.resolve("copy.safetensors");
        Path exported = directory.resolve("exported.safetensors");
        // The three run in turn within each round, so that a slow minute of the shared disk slows all three.
        double[][] seconds = new double[3][runs];
        for (int run = 0; run < runs; run++) {
            Files.deleteIfExists(copy);
            seconds[0][run] = timed(() -> Commands.run("sh", "-c", "cp '" + source + "' '" + copy + "' && sync"));
            deleteShelf(directory, "imported");
            seconds[1][run] = timed(() -> {
                try (Shelf shelf = Shelf.open("imported", ShelfOptions.at(directory).forceNew())) {
                    Safetensors.importInto(shelf, source, "");
                }
            });
            Files.deleteIfExists(exported);
            seconds[2][run] = timed(() -> {
                try (Shelf shelf = Shelf.open("imported", ShelfOptions.at(directory).readOnly())) {
                    Safetensors.exportPrefix(shelf, "", exported, Map.of());
                }
            });
        }
        double cp = median(seconds[0]);
        double imported = median(seconds[1]);
        double export = median(seconds[2]);
        if (Files.mismatch(source, exported) != -1) {
            throw new IllegalStateException("the exported file differs from the imported one");
        }
        Files.delete(copy);
        Files.delete(exported);
        deleteShelf(directory, "imported");

        System.out.printf("safetensors, %d MiB in 4 float32 tensors, %s (%s); JDK/machine: %s%n", mib, directory,
                Files.getFileStore(directory).type(), Timing.machine());
        System.out.println();
        System.out.println("| step (median of " + runs + ") | seconds | GB/s | vs cp + sync |");
        System.out.println("|---|---:|---:|---:|");
        for (var step : List.of(Map.entry("cp + sync (reference)", cp), Map.entry("Safetensors.importInto a new shelf", imported),
                Map.entry("Safetensors.exportPrefix (written, fsync'd, renamed)", export))) {
            System.out.printf("| %s | %.2f | %.2f | %.2f |%n", step.getKey(), step.getValue(), bytes / step.getValue() / 1e9,
                    cp / step.getValue());
        }
        firstInference(directory, source, bytes, runs, cold);
    }

    /** Four float32 tensors of bytes / 4 each, on a shelf exported to {@code file}: the file both parts start from. */
    private static void makeWeights(Path directory, Path file, long bytes) throws Exception {
        try (Shelf shelf = Shelf.open("weights", ShelfOptions.at(directory).forceNew())) {
            for (int t = 0; t < 4; t++) {
                float base = t;
                shelf.put("t" + t, DType.FLOAT32, Shape.of(bytes / 16), target -> {
                    var memory = target.segment();
                    for (long i = 0; i < target.size(); i++) {
                        memory.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, base + (i % 1000) / 1000f);
                    }
                });
            }
            Safetensors.exportPrefix(shelf, "", file, Map.of());
        }
        deleteShelf(directory, "weights");
    }

    private static void firstInference(Path directory, Path source, long bytes, int runs, boolean cold) throws Exception {
        int k = (int) Math.sqrt(bytes / 4.0);
        int n = k;
        Path model = directory.resolve("dense_model.onnx");
        try (InputStream in = TensorFiles.class.getResourceAsStream("/dense_model.onnx")) {
            Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
        }
        try (Shelf shelf = Shelf.open("model", ShelfOptions.at(directory).forceNew())) {
            shelf.put("w", DType.FLOAT32, Shape.of(k, n), target -> {
                var memory = target.segment();
                for (long i = 0; i < target.size(); i++) {
                    memory.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, ((i * 7) % 13 - 6) / 64f);
                }
            });
            shelf.put("b", DType.FLOAT32, Shape.of(n), target -> target.fill(0.5));
            shelf.put("x", DType.FLOAT32, Shape.of(1, k), target -> target.fill(1.0));
            Safetensors.export(shelf, List.of("w", "b", "x"), directory.resolve("model.safetensors"), Map.of());
        }
        List<double[]> shelfRuns = new ArrayList<>();
        List<double[]> fileRuns = new ArrayList<>();
        String answer = null;
        boolean allCold = cold;
        for (int run = 0; run < runs; run++) {
            for (String mode : List.of("shelf", "file")) {
                allCold &= cold && Commands.dropCaches();
                long start = System.nanoTime();
                String printed = runChild(mode, directory, model);
                double wall = (System.nanoTime() - start) / 1e6;
                String[] fields = printed.trim().split(" ");
                if (answer == null) {
                    answer = fields[1];
                } else if (!answer.equals(fields[1])) {
                    throw new IllegalStateException("the two ways computed different answers: " + answer + ", " + fields[1]);
                }
                (mode.equals("shelf") ? shelfRuns : fileRuns).add(new double[] {wall, Double.parseDouble(fields[0])});
            }
        }
        System.out.println();
        System.out.printf("time to first inference, relu(x @ w + b) with w %d × %d float32 (%.2f GB), ONNX Runtime, "
                + "a fresh JVM per run, page cache %s; median of %d%n", k, n, bytes / 1e9,
                allCold ? "dropped before each run" : "warm", runs);
        System.out.println();
        System.out.println("| weights from | process wall ms | open + load + run ms (in the JVM) |");
        System.out.println("|---|---:|---:|");
        System.out.printf("| a reopened shelf (mapped, zero-copy) | %.0f | %.0f |%n", median(shelfRuns, 0), median(shelfRuns, 1));
        System.out.printf("| the safetensors file, read into direct buffers | %.0f | %.0f |%n", median(fileRuns, 0), median(fileRuns, 1));
        deleteShelf(directory, "model");
        Files.deleteIfExists(directory.resolve("model.safetensors"));
        Files.deleteIfExists(source);
    }

    private static double timed(Timing.Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(List<double[]> runs, int field) {
        double[] values = runs.stream().mapToDouble(run -> run[field]).sorted().toArray();
        return values[values.length / 2];
    }

    private static String runChild(String mode, Path directory, Path model) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FirstInference.class.getName(), mode, directory.toString(), model.toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String printed = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("first inference (" + mode + ") failed: " + printed);
        }
        return printed;
    }

    private static void deleteShelf(Path directory, String name) throws Exception {
        for (String suffix : SHELF_FILES) {
            Files.deleteIfExists(directory.resolve(name + suffix));
        }
    }
}
