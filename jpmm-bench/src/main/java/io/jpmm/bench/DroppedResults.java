package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import java.util.Arrays;

/**
 * A loop of out-of-place adds whose results are dropped at once, as {@code c = a + b} in a Python
 * loop drops the last {@code c}: the time per add, and the peak resident set, which shows whether
 * the results' native memory is given back as the loop goes.
 */
final class DroppedResults {
    private DroppedResults() {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        long[] sizes = Arrays.stream(options.text("sizes", "16384,1048576,10000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int seconds = (int) options.number("seconds", 5);
        System.out.printf("c = a.add(b) in a loop, float64, %d one-second windows per size%n", seconds);
        System.out.println("JDK/machine: " + Timing.machine() + "; JVM flags: "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println();
        System.out.println("| elements | result MB | adds | ms per add, median window | slowest window | peak resident MB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (long elements : sizes) {
            NdArray a = NdArray.allocate(DType.FLOAT64, elements).fill(0.5);
            NdArray b = NdArray.allocate(DType.FLOAT64, elements).fill(2.0);
            a.add(b);
            System.gc();
            PeakResident.reset();
            double[] windows = new double[seconds];
            long adds = 0;
            for (int window = 0; window < seconds; window++) {
                long start = System.nanoTime();
                long count = 0;
                while (System.nanoTime() - start < 1_000_000_000L) {
                    if (a.add(b).getDouble(elements - 1) != 2.5) {
                        throw new AssertionError("wrong sum");
                    }
                    count++;
                }
                windows[window] = (System.nanoTime() - start) / 1e6 / count;
                adds += count;
            }
            double slowest = Arrays.stream(windows).max().orElseThrow();
            Arrays.sort(windows);
            System.out.printf("| %d | %.1f | %d | %.4f | %.4f | %d |%n", elements, elements * 8 / 1e6, adds,
                    windows[seconds / 2], slowest, PeakResident.bytes() >> 20);
        }
    }
}
