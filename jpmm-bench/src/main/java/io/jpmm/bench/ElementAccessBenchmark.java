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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a million float64 elements: a shelved array against the same array in DRAM and a plain
 * {@code double[]}, through the bulk reduction and through the element accessor.
 * {@code java -jar jpmm-bench.jar jmh ElementAccess}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ElementAccessBenchmark {
    private static final int ELEMENTS = 1 << 20;

    private Path directory;
    private Shelf shelf;
    private NdArray shelved;
    private NdArray dram;
    private double[] plain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        directory = Files.createTempDirectory("jpmm-jmh");
        shelf = Shelf.open("jmh", ShelfOptions.at(directory).sizeMb(32));
        plain = new double[ELEMENTS];
        for (int i = 0; i < ELEMENTS; i++) {
            plain[i] = i * 0.5;
        }
        dram = NdArray.of(plain);
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
    public double sumDoubleArray() {
        double total = 0;
        for (double value : plain) {
            total += value;
        }
        return total;
    }

    @Benchmark
    public double getDoubleLoopShelved() {
        double total = 0;
        for (long i = 0; i < ELEMENTS; i++) {
            total += shelved.getDouble(i);
        }
        return total;
    }

    @Benchmark
    public double getDoubleLoopDram() {
        double total = 0;
        for (long i = 0; i < ELEMENTS; i++) {
            total += dram.getDouble(i);
        }
        return total;
    }
}
