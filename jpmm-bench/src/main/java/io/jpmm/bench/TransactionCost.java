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
 * What a transaction costs next to the single put it generalises, and what growth costs next to a
 * put into space the shelf already has. Latencies are medians of many runs on one file system.
 */
final class TransactionCost {
    private record Row(String name, double seconds, String baseline) {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench");
        int runs = (int) options.number("runs", 201);
        long largeMib = options.number("large-mib", 256);
        Files.createDirectories(directory);
        List<Row> rows = new ArrayList<>();
        NdArray small = NdArray.allocate(DType.FLOAT64, 1024).fill(1.0);
        try (Shelf shelf = Shelf.open("tx-bench", ShelfOptions.at(directory).sizeMb(64).forceNew())) {
            NdArray n = shelf.ndarray("n", DType.FLOAT64, 1024);
            NdArray m = shelf.ndarray("m", DType.FLOAT64, 1024);
            String single = "put of one 8 KiB array (one commit)";
            rows.add(new Row(single, Timing.medianSeconds(runs, () -> { }, () -> shelf.put("a", small)), null));
            rows.add(new Row("transaction: put two 8 KiB arrays, commit", Timing.medianSeconds(runs, () -> { }, () -> {
                try (ShelfTransaction tx = shelf.begin()) {
                    shelf.put("a", small);
                    shelf.put("b", small);
                    tx.commit();
                }
            }), single));
            rows.add(new Row("transaction: track two 8 KiB arrays, write them in place, commit",
                    Timing.medianSeconds(runs, () -> { }, () -> {
                        try (ShelfTransaction tx = shelf.begin()) {
                            tx.track(n).fill(2.0);
                            tx.track(m).fill(6.0);
                            tx.commit();
                        }
                    }), single));
            rows.add(new Row("transaction: the same, rolled back", Timing.medianSeconds(runs, () -> { }, () -> {
                try (ShelfTransaction tx = shelf.begin()) {
                    tx.track(n).fill(3.0);
                    tx.track(m).fill(9.0);
                    tx.rollback();
                }
            }), single));
            NdArray big = shelf.ndarray("big", DType.FLOAT64, 8L << 20);
            String putBig = "put of one 64 MiB array";
            NdArray bigSource = NdArray.allocate(DType.FLOAT64, 8L << 20).fill(1.0);
            rows.add(new Row(putBig, Timing.medianSeconds(9, () -> { }, () -> shelf.put("c", bigSource)), null));
            shelf.put("c", small);
            rows.add(new Row("transaction: track a 64 MiB array (its undo copy), commit", Timing.medianSeconds(9, () -> { },
                    () -> {
                        try (ShelfTransaction tx = shelf.begin()) {
                            tx.track(big);
                            tx.commit();
                        }
                    }), putBig));
        }
        NdArray large = NdArray.allocate(DType.UINT8, largeMib << 20).fill(7L);
        String roomy = "put of " + largeMib + " MiB into a shelf with room";
        rows.add(new Row(roomy, Timing.medianSeconds(5,
                () -> Shelf.open("grow-bench", ShelfOptions.at(directory).sizeMb(2 * largeMib + 64).forceNew()).close(),
                () -> {
                    try (Shelf shelf = Shelf.open("grow-bench", ShelfOptions.at(directory))) {
                        shelf.put("x", large);
                    }
                }), null));
        rows.add(new Row("put of " + largeMib + " MiB into a 1 MiB shelf (grows by a region first)", Timing.medianSeconds(5,
                () -> Shelf.open("grow-bench", ShelfOptions.at(directory).sizeMb(1).forceNew()).close(),
                () -> {
                    try (Shelf shelf = Shelf.open("grow-bench", ShelfOptions.at(directory))) {
                        shelf.put("x", large);
                    }
                }), roomy));
        for (String file : List.of("tx-bench.jpmm", "tx-bench.jpmm.lock", "grow-bench.jpmm", "grow-bench.jpmm.lock")) {
            Files.deleteIfExists(directory.resolve(file));
        }
        System.out.printf("transaction and growth cost in %s (%s); medians of %d runs (9 for 64 MiB, 5 for %d MiB)%n",
                directory, Files.getFileStore(directory).type(), runs, largeMib);
        System.out.println("JDK/machine: " + Timing.machine());
        System.out.println();
        System.out.println("| operation | milliseconds | vs |");
        System.out.println("|---|---:|---|");
        for (Row row : rows) {
            double baseline = row.baseline() == null ? Double.NaN
                    : rows.stream().filter(other -> other.name().equals(row.baseline())).findFirst().orElseThrow().seconds();
            System.out.printf("| %s | %.3f | %s |%n", row.name(), row.seconds() * 1e3,
                    row.baseline() == null ? "" : String.format("%.2f× %s", row.seconds() / baseline, row.baseline()));
        }
    }
}
