package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelfTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A shelf of many variables: loading them (in transactions of 10,000), single durable puts among
 * them, reopening, listing, the file's size and the heap an open shelf takes; then a churn of puts
 * and erases, after which size and reopen time must follow the live variables, not the history.
 */
final class ManyVariables {
    private record Row(int variables, double loadPerSecond, double singlePutsPerSecond, double reopenSeconds,
                       double namesSeconds, double prefixSeconds, long usedBytes, long fileBytes, long heapBytes,
                       String note) {
    }

    private static int arraysEvery;

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench").resolve("many");
        List<Row> rows = new ArrayList<>();
        for (String count : options.text("counts", "1000,100000,1000000").split(",")) {
            int variables = Integer.parseInt(count);
            deleteRecursively(directory);
            rows.add(load(directory, variables));
            rows.add(churn(directory, variables));
        }
        deleteRecursively(directory);
        arraysEvery = (int) options.number("arrays-every", 10);
        System.out.println("a shelf of many variables (each an int64 scalar" + (arraysEvery > 0
                ? ", or one in " + arraysEvery + " an 8-element float64 array" : "") + "), in "
                + directory.getParent());
        System.out.println("JDK/machine: " + Timing.machine());
        System.out.println();
        System.out.println("| variables | state | load /s (10k per transaction) | single durable puts /s | reopen s |"
                + " names() s | names(prefix) s | used MB | file MB | heap of an open shelf MB |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf("| %d | %s | %s | %s | %.3f | %.4f | %.5f | %.1f | %.1f | %.0f |%n", row.variables(), row.note(),
                    Double.isNaN(row.loadPerSecond()) ? "-" : String.format("%.0f", row.loadPerSecond()),
                    Double.isNaN(row.singlePutsPerSecond()) ? "-" : String.format("%.0f", row.singlePutsPerSecond()),
                    row.reopenSeconds(), row.namesSeconds(), row.prefixSeconds(), row.usedBytes() / 1e6, row.fileBytes() / 1e6,
                    row.heapBytes() / 1e6);
        }
    }

    private static Row load(Path directory, int variables) throws Exception {
        ShelfOptions options = ShelfOptions.at(directory).sizeMb(16);
        double loadRate;
        double singleRate;
        try (Shelf shelf = Shelf.open("many", options)) {
            long start = System.nanoTime();
            for (int from = 0; from < variables; from += 10_000) {
                try (ShelfTransaction tx = shelf.begin()) {
                    for (int i = from; i < Math.min(variables, from + 10_000); i++) {
                        put(shelf, i);
                    }
                    tx.commit();
                }
            }
            loadRate = variables / ((System.nanoTime() - start) / 1e9);
            int singles = 2000;
            start = System.nanoTime();
            for (int i = 0; i < singles; i++) {
                shelf.put("v" + (i * 7919L % variables), (long) -i);
            }
            singleRate = singles / ((System.nanoTime() - start) / 1e9);
        }
        return measureOpen(directory, variables, loadRate, singleRate, "loaded");
    }

    /** As many put/erase cycles as there are variables, over a working set of a tenth of them. */
    private static Row churn(Path directory, int variables) throws Exception {
        try (Shelf shelf = Shelf.open("many", ShelfOptions.at(directory))) {
            for (int from = 0; from < variables; from += 5_000) {
                try (ShelfTransaction tx = shelf.begin()) {
                    for (int i = from; i < Math.min(variables, from + 5_000); i++) {
                        String name = "churn" + i % Math.max(1, variables / 10);
                        if (i % 2 == 0) {
                            shelf.put(name, (long) i);
                        } else if (shelf.contains(name)) {
                            shelf.erase(name);
                        }
                    }
                    tx.commit();
                }
            }
        }
        return measureOpen(directory, variables, Double.NaN, Double.NaN, "after " + variables + " put/erase cycles");
    }

    private static void put(Shelf shelf, int i) {
        if (arraysEvery > 0 && i % arraysEvery == 0) {
            shelf.put("v" + i, NdArray.allocate(DType.FLOAT64, 8).fill((double) i));
        } else {
            shelf.put("v" + i, (long) i);
        }
    }

    private static Row measureOpen(Path directory, int variables, double loadRate, double singleRate, String note)
            throws Exception {
        System.gc();
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        try (Shelf shelf = Shelf.open("many", ShelfOptions.at(directory))) {
            double reopen = (System.nanoTime() - start) / 1e9;
            System.gc();
            long heap = usedHeap() - heapBefore;
            start = System.nanoTime();
            int listed = shelf.names().size();
            double names = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            int prefixed = shelf.names("v12").size();
            double prefix = (System.nanoTime() - start) / 1e9;
            if (listed < variables || prefixed == 0) {
                throw new IllegalStateException("expected " + variables + " variables, found " + listed);
            }
            return new Row(variables, loadRate, singleRate, reopen, names, prefix, shelf.usedBytes(),
                    Files.size(directory.resolve("many.jpmm")), heap, note);
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path each : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
