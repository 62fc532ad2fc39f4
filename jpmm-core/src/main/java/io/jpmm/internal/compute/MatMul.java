package io.jpmm.internal.compute;

import io.jpmm.DType;

/**
 * Matrix products of 2-D views: the operands are copied into row-major buffers of the computation
 * type, and each row of the result is built as a sum of scaled rows of the right operand, a loop
 * over contiguous memory the JIT vectorises.
 */
public final class MatMul {
    private MatMul() {
    }

    /** {@code out = a @ b}; {@code out} is a new contiguous array of the result dtype. */
    public static void multiply(View a, View b, View out) {
        int rows = Math.toIntExact(a.layout().dim(0));
        int inner = Math.toIntExact(a.layout().dim(1));
        int columns = Math.toIntExact(b.layout().dim(1));
        switch (Elementwise.Buffer.of(out.dtype())) {
            case DOUBLE -> {
                double[] left = doubles(a, rows * inner);
                double[] right = doubles(b, inner * columns);
                double[] result = new double[rows * columns];
                for (int i = 0; i < rows; i++) {
                    for (int p = 0; p < inner; p++) {
                        double scale = left[i * inner + p];
                        int from = p * columns;
                        int to = i * columns;
                        for (int j = 0; j < columns; j++) {
                            result[to + j] += scale * right[from + j];
                        }
                    }
                }
                Stores.store(result, result.length, out.dtype(), out.memory(), out.layout().offset(), out.dtype().itemSize());
            }
            case FLOAT -> {
                float[] left = floats(a, rows * inner);
                float[] right = floats(b, inner * columns);
                float[] result = new float[rows * columns];
                for (int i = 0; i < rows; i++) {
                    for (int p = 0; p < inner; p++) {
                        float scale = left[i * inner + p];
                        int from = p * columns;
                        int to = i * columns;
                        for (int j = 0; j < columns; j++) {
                            result[to + j] += scale * right[from + j];
                        }
                    }
                }
                Stores.store(result, result.length, out.dtype(), out.memory(), out.layout().offset(), out.dtype().itemSize());
            }
            case LONG, UNSIGNED_LONG -> {
                long[] left = longs(a, rows * inner);
                long[] right = longs(b, inner * columns);
                long[] result = new long[rows * columns];
                for (int i = 0; i < rows; i++) {
                    for (int p = 0; p < inner; p++) {
                        long scale = left[i * inner + p];
                        int from = p * columns;
                        int to = i * columns;
                        for (int j = 0; j < columns; j++) {
                            result[to + j] += scale * right[from + j];
                        }
                    }
                }
                Stores.store(result, result.length, out.dtype(), out.memory(), out.layout().offset(), out.dtype().itemSize());
            }
        }
    }

    private static double[] doubles(View view, int length) {
        View copy = View.allocate(DType.FLOAT64, view.shape());
        Elementwise.cast(view, copy);
        double[] values = new double[length];
        Loads.load(DType.FLOAT64, copy.memory(), 0, 8, values, length);
        return values;
    }

    private static float[] floats(View view, int length) {
        View copy = View.allocate(DType.FLOAT32, view.shape());
        Elementwise.cast(view, copy);
        float[] values = new float[length];
        Loads.load(DType.FLOAT32, copy.memory(), 0, 4, values, length);
        return values;
    }

    private static long[] longs(View view, int length) {
        View copy = View.allocate(DType.INT64, view.shape());
        Elementwise.cast(view, copy);
        long[] values = new long[length];
        Loads.load(DType.INT64, copy.memory(), 0, 8, values, length);
        return values;
    }
}
