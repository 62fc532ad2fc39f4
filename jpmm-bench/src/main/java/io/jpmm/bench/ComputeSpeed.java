package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Computing on arrays, side by side in one run: jpmm on DRAM and on shelved arrays, a hand-written
 * loop over a {@code double[]}, and NumPy (through python3, one thread). Each figure is the median
 * of several runs of a timed loop lasting at least 20 ms (250 ms for an operation that allocates its
 * result), so small sizes are measured in cache.
 */
final class ComputeSpeed {
    /**
     * Operations whose result is a new array. Their memory is freed by collections that jpmm asks for
     * as results pile up, so their runs last long enough to take in several of them, at their share.
     */
    private static final List<String> ALLOCATING = List.of("add", "astype float32", "matmul 512", "matvec");
    /** In-place operations first: the results of the others pile up as native memory until a collection. */
    private static final List<String> OPS = List.of("sum", "strided sum", "add in place", "scale in place",
            "sum axis 0", "sum axis 1", "add", "astype float32", "matmul 512", "matvec");

    /** The shortest timed loop of an operation, and of one that allocates its result. */
    private static final long SHORTEST_RUN_NANOS = 20_000_000;
    private static final long SHORTEST_ALLOCATING_RUN_NANOS = 250_000_000;

    /** The shortest warm-up before timing starts. */
    private static final long WARM_NANOS = 1_000_000_000;

    /** Calls before timing starts, whatever their size: enough for the JIT to compile each loop. */
    private static final int WARM_CALLS = 20;

    private record Peer(String name, Map<String, Runnable> ops) {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench");
        int runs = (int) options.number("runs", 5);
        long[] sizes = Arrays.stream(options.text("sizes", "16384,1048576,100000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        List<String> ops = options.text("ops", "").isEmpty() ? OPS : List.of(options.text("ops", "").split(","));
        if (!OPS.containsAll(ops)) {
            throw new IllegalArgumentException("--ops takes a comma-separated list of " + OPS + ", not " + ops);
        }
        Files.createDirectories(directory);
        Map<String, Map<Long, Map<String, Double>>> table = new LinkedHashMap<>();
        JsonNode numpy = numpy(sizes, ops, runs, options.text("python", "python3"));
        try (Shelf shelf = Shelf.open("compute-bench", ShelfOptions.at(directory).sizeMb(64).forceNew())) {
            for (long elements : sizes) {
                List<Peer> peers = peers(shelf, elements);
                for (String op : ops) {
                    for (Peer peer : peers) {
                        Runnable action = peer.ops().get(op);
                        if (action != null && !(op.equals("matmul 512") && elements != sizes[0])) {
                            long key = op.equals("matmul 512") ? 512 : elements;
                            table.computeIfAbsent(op, o -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new LinkedHashMap<>())
                                    .put(peer.name(), medianSeconds(action, runs, ALLOCATING.contains(op)));
                        }
                    }
                }
                shelf.erase("a");
                shelf.erase("b");
                shelf.compact();
            }
        }
        Files.deleteIfExists(directory.resolve("compute-bench.jpmm"));
        Files.deleteIfExists(directory.resolve("compute-bench.jpmm.lock"));
        report(table, numpy, runs);
    }

    private static List<Peer> peers(Shelf shelf, long elements) {
        List<Peer> peers = new ArrayList<>();
        NdArray a = NdArray.allocate(DType.FLOAT64, elements);
        for (long i = 0; i < elements; i++) {
            a.set(i * 0.5, i);
        }
        NdArray b = NdArray.allocate(DType.FLOAT64, elements).fill(1.0);
        peers.add(new Peer("jpmm DRAM", jpmm(a, b)));
        shelf.put("a", a);
        shelf.put("b", b);
        peers.add(new Peer("jpmm shelved", jpmm(shelf.array("a"), shelf.array("b"))));
        if (elements <= Integer.MAX_VALUE - 8) {
            peers.add(new Peer("double[] loop", JavaLoops.ops(a.toDoubleArray(), b.toDoubleArray())));
        }
        return peers;
    }

    private static Map<String, Runnable> jpmm(NdArray a, NdArray b) {
        long rows = Math.max(1, a.size() / 1024);
        NdArray m = a.get("0:" + rows * 1024).reshape(rows, 1024);
        NdArray x = NdArray.allocate(DType.FLOAT64, 512, 512).fill(0.5);
        NdArray y = NdArray.allocate(DType.FLOAT64, 512, 512).fill(2.0);
        // The array's elements as a square matrix (128², 1024², 10000²) times a vector.
        long side = (long) Math.sqrt((double) a.size());
        NdArray square = a.get("0:" + side * side).reshape(side, side);
        NdArray vector = b.get("0:" + side);
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("sum", () -> a.sum());
        ops.put("strided sum", () -> a.get("::2").sum());
        ops.put("add", () -> a.add(b));
        ops.put("add in place", () -> a.addInPlace(b));
        ops.put("scale in place", () -> b.multiplyInPlace(1.0000001));
        ops.put("sum axis 0", () -> m.sum(0));
        ops.put("sum axis 1", () -> m.sum(1));
        ops.put("astype float32", () -> a.astype(DType.FLOAT32));
        ops.put("matmul 512", () -> x.matmul(y));
        ops.put("matvec", () -> square.matmul(vector));
        return ops;
    }

    private static double medianSeconds(Runnable action, int runs, boolean allocates) {
        double[] seconds = new double[runs];
        // One peer's garbage is collected before the next peer starts.
        settle();
        // Warm up for a while and for many calls, not once: a loop the JIT deoptimised when the
        // sizes changed runs in its first-tier code (seven times slower over 800 MB) until it has
        // been called often enough to be compiled again, which 300 ms of 800 MB passes are not.
        // Vector API loops take longest to reach their final code: after 300 ms of 16,384-element
        // sums the first peer measured, DRAM, still took 3.2-3.6 µs a sum; after a second, 2.0-2.2.
        long warm = System.nanoTime();
        for (int calls = 0; calls < WARM_CALLS || System.nanoTime() - warm < WARM_NANOS; calls++) {
            action.run();
        }
        long shortest = allocates ? SHORTEST_ALLOCATING_RUN_NANOS : SHORTEST_RUN_NANOS;
        for (int run = 0; run < runs; run++) {
            long repeat = 1;
            while (true) {
                long start = System.nanoTime();
                for (long i = 0; i < repeat; i++) {
                    action.run();
                }
                long elapsed = System.nanoTime() - start;
                if (elapsed >= shortest) {
                    seconds[run] = elapsed / 1e9 / repeat;
                    break;
                }
                repeat *= 2;
            }
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    /** A collection, and a moment for the cleaner to give the native memory it freed back. */
    private static void settle() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode numpy(long[] sizes, List<String> ops, int runs, String python)
            throws IOException, InterruptedException {
        var plan = new ObjectMapper().createObjectNode();
        Arrays.stream(sizes).forEach(plan.putArray("sizes")::add);
        ops.forEach(plan.putArray("ops")::add);
        plan.put("runs", runs);
        return PythonPeer.run("compute_speed.py", plan, python);
    }

    private static void report(Map<String, Map<Long, Map<String, Double>>> table, JsonNode numpy, int runs) {
        System.out.printf("compute on float64 arrays, median of %d runs; NumPy %s with one thread%n",
                runs, numpy.get("numpy").asString());
        System.out.println("JDK/machine: " + Timing.machine() + "; JVM flags: "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println();
        System.out.println("| operation | elements | NumPy ms | jpmm DRAM ms | jpmm shelved ms | double[] loop ms |"
                + " DRAM vs NumPy | shelved vs NumPy | DRAM vs loop |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var op : table.entrySet()) {
            for (var size : op.getValue().entrySet()) {
                JsonNode theirs = numpy.get("results").get(op.getKey());
                double numpySeconds = theirs == null || theirs.get(Long.toString(size.getKey())) == null ? Double.NaN
                        : theirs.get(Long.toString(size.getKey())).asDouble();
                Map<String, Double> ours = size.getValue();
                double dram = ours.getOrDefault("jpmm DRAM", Double.NaN);
                double shelved = ours.getOrDefault("jpmm shelved", Double.NaN);
                double loop = ours.getOrDefault("double[] loop", Double.NaN);
                System.out.printf("| %s | %d | %.4f | %.4f | %.4f | %s | %.2f× | %.2f× | %s |%n", op.getKey(), size.getKey(),
                        numpySeconds * 1e3, dram * 1e3, shelved * 1e3, Double.isNaN(loop) ? "-" : String.format("%.4f", loop * 1e3),
                        numpySeconds / dram, numpySeconds / shelved,
                        Double.isNaN(loop) ? "-" : String.format("%.2f×", loop / dram));
            }
        }
    }
}
