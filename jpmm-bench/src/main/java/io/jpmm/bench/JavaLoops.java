package io.jpmm.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The hand-written {@code double[]} loops the compute benchmark measures jpmm against. */
final class JavaLoops {
    private JavaLoops() {
    }

    static Map<String, Runnable> ops(double[] a, double[] b) {
        int rows = Math.max(1, a.length / 1024);
        Map<String, Runnable> ops = new LinkedHashMap<>();
        ops.put("sum", () -> sum(a, 1));
        ops.put("strided sum", () -> sum(a, 2));
        ops.put("add", () -> {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] + b[i];
            }
        });
        ops.put("add in place", () -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        });
        ops.put("scale in place", () -> {
            for (int i = 0; i < b.length; i++) {
                b[i] *= 1.0000001;
            }
        });
        ops.put("sum axis 0", () -> {
            double[] out = new double[1024];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < 1024; c++) {
                    out[c] += a[r * 1024 + c];
                }
            }
        });
        ops.put("sum axis 1", () -> {
            double[] out = new double[rows];
            for (int r = 0; r < rows; r++) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int c = 0; c < 1024; c += 4) {
                    int i = r * 1024 + c;
                    s0 += a[i];
                    s1 += a[i + 1];
                    s2 += a[i + 2];
                    s3 += a[i + 3];
                }
                out[r] = (s0 + s1) + (s2 + s3);
            }
        });
        ops.put("astype float32", () -> {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
        });
        return ops;
    }

    private static double sum(double[] values, int step) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 * step < values.length; i += 4 * step) {
            s0 += values[i];
            s1 += values[i + step];
            s2 += values[i + 2 * step];
            s3 += values[i + 3 * step];
        }
        for (; i < values.length; i += step) {
            s0 += values[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
