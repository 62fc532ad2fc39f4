package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-place float64 operations of the compute benchmark under JMH, shelved and in DRAM, with and
 * without the Vector API: {@code java -jar jpmm-bench.jar jmh Compute}. (The side-by-side run with
 * NumPy is {@code jpmm-bench compute}.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ComputeBenchmark {
    /** 128 KiB and 8 MiB of float64: in L2 and in L3 or memory. */
    @Param({"16384", "1048576"})
    public int elements;

    /** Whether the forked JVM has the Vector API. */
    @Param({"plain", "vector"})
    public String loops;

    private Path directory;
    private Shelf shelf;
    private NdArray shelved;
    private NdArray dram;
    private NdArray ones;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (loops.equals("vector") != ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            throw new IllegalStateException("run with -jvmArgsAppend --add-modules=jdk.incubator.vector for loops=vector"
                    + " and without it for loops=plain, or pick one with -p loops=...");
        }
        directory = Files.createTempDirectory("jpmm-jmh");
        shelf = Shelf.open("jmh", ShelfOptions.at(directory).sizeMb(32));
        dram = NdArray.allocate(DType.FLOAT64, elements).fill(0.5);
        ones = NdArray.allocate(DType.FLOAT64, elements).fill(1e-9);
        shelf.put("values", dram);
        shelved = shelf.array("values");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        shelf.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    @Benchmark
    public double sumShelved() {
        return shelved.sum().getDouble();
    }

    @Benchmark
    public double sumDram() {
        return dram.sum().getDouble();
    }

    @Benchmark
    public NdArray addInPlaceShelved() {
        return shelved.addInPlace(ones);
    }

    @Benchmark
    public NdArray addInPlaceDram() {
        return dram.addInPlace(ones);
    }

    @Benchmark
    public NdArray scaleInPlaceShelved() {
        return shelved.multiplyInPlace(1.0000001);
    }

    @Benchmark
    public NdArray scaleInPlaceDram() {
        return dram.multiplyInPlace(1.0000001);
    }
}
