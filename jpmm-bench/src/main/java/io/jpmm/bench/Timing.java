package io.jpmm.bench;

import java.util.Arrays;

/** Repeats a measured action and reports its median, so one disturbed run does not decide. */
final class Timing {

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    private Timing() {
    }

    /** Median seconds of {@code runs} runs of {@code action}, each after {@code before} (not timed). */
    static double medianSeconds(int runs, Action before, Action action) throws Exception {
        double[] seconds = new double[runs];
        for (int run = 0; run < runs; run++) {
            before.run();
            long start = System.nanoTime();
            action.run();
            seconds[run] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        return seconds[runs / 2];
    }

    static String machine() {
        return Runtime.version() + " (" + System.getProperty("java.vm.name") + "), "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }
}
