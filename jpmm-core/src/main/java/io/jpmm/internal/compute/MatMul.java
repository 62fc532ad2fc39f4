package io.jpmm.internal.compute;

import io.jpmm.DType;
import java.util.Arrays;

/**
 * Matrix products of 2-D views of any dtype and strides. Floating-point products compute in
 * float64 and round once to the result dtype: blocked and packed ({@link PackedMatMul}) for
 * matrices, streamed for a matrix and a vector. Integer products wrap as NumPy's do: they accumulate
 * in 64 bits and store modulo the result dtype's width, which gives the same bits as accumulating in
 * that width.
 */
public final class MatMul {
    /** Elements of a row read at a time where a product streams rows. */
    private static final int CHUNK = 4096;
    /** Rows of the left operand a matrix·vector product gives one task. */
    private static final int ROW_BLOCK = 256;
    /** Rows of the right operand an integer product keeps in one pack. */
    private static final int INTEGER_DEPTH = 256;

    private MatMul() {
    }

    /**
     * {@code out = a @ b}; {@code out} is a new, zero-filled C-ordered array of the result dtype. Views
     * of more than 2 dimensions are stacks of matrices of the same stack shape (broadcast already),
     * multiplied one pair at a time.
     */
    public static void multiply(View a, View b, View out) {
        switch (Elementwise.Buffer.of(out.dtype())) {
            case DOUBLE, FLOAT -> {
                View product = out.dtype() == DType.FLOAT64 ? out : View.allocate(DType.FLOAT64, out.shape());
                eachPair(a, b, product, MatMul::floating);
                if (product != out) {
                    Elementwise.cast(product, out);
                }
            }
            case LONG, UNSIGNED_LONG -> eachPair(a, b, out, MatMul::integers);
        }
    }

    private interface PairProduct {
        void multiply(Matrix left, Matrix right, Matrix product);
    }

    private static void eachPair(View a, View b, View out, PairProduct product) {
        if (out.layout().rank() > 2) {
            for (long i = 0; i < out.layout().dim(0); i++) {
                eachPair(a.with(a.layout().at(0, i)), b.with(b.layout().at(0, i)), out.with(out.layout().at(0, i)), product);
            }
            return;
        }
        product.multiply(Matrix.of(a), Matrix.of(b), Matrix.of(out));
    }

    private static void floating(Matrix left, Matrix right, Matrix product) {
        if (left.rows() == 0 || left.columns() == 0 || right.columns() == 0) {
            return;
        }
        if (right.columns() == 1) {
            matrixVector(left, right, product);
        } else if (left.rows() == 1) {
            vectorMatrix(left, right, product);
        } else {
            MatMulKernel kernel = MatMulKernel.get();
            // (a·b)ᵀ = bᵀ·aᵀ: a product with few columns pads less with its operands swapped.
            if (PackedMatMul.paddedSize(right.columns(), left.rows(), kernel)
                    < PackedMatMul.paddedSize(left.rows(), right.columns(), kernel)) {
                PackedMatMul.multiply(right.transpose(), left.transpose(), product.transpose(), kernel);
            } else {
                PackedMatMul.multiply(left, right, product, kernel);
            }
        }
    }

    /**
     * One column on the right: each result is the dot product of a row of {@code left} with it,
     * float64 rows read where they lie if the kernel can, the results of a block of rows written at once.
     */
    private static void matrixVector(Matrix left, Matrix right, Matrix product) {
        MatMulKernel kernel = MatMulKernel.get();
        boolean rowsInPlace = kernel.readsRowsInPlace() && left.rowsAreNativeFloat64();
        // The column of results as a row: one copy per block where it is contiguous.
        Matrix resultRow = product.transpose();
        long rowBlocks = (left.rows() + ROW_BLOCK - 1) / ROW_BLOCK;
        PackedMatMul.forEachBlock(rowBlocks, (double) left.rows() * left.columns(), block -> {
            int depthBlock = chunk(left.columns());
            double[] vector = new double[depthBlock];
            double[] row = new double[depthBlock];
            long firstRow = block * ROW_BLOCK;
            int height = (int) (Math.min(left.rows(), firstRow + ROW_BLOCK) - firstRow);
            double[] results = new double[height];
            for (long firstK = 0; firstK < left.columns(); firstK += depthBlock) {
                int depth = (int) Math.min(depthBlock, left.columns() - firstK);
                right.loadColumn(0, firstK, vector, depth);
                for (int r = 0; r < height; r++) {
                    if (rowsInPlace) {
                        results[r] = kernel.dot(left.memory(), left.at(firstRow + r, firstK), vector, depth);
                    } else {
                        left.loadRow(firstRow + r, firstK, row, depth);
                        results[r] = kernel.dot(row, vector, depth);
                    }
                }
                resultRow.writeBlock(0, firstRow, 1, height, results, height, firstK > 0);
            }
        });
    }

    /** Elements read at a time along an axis of {@code length}: buffers no longer than the axis. */
    private static int chunk(long length) {
        return (int) Math.max(1, Math.min(CHUNK, length));
    }

    /**
     * One row on the left: each chunk of the result row is a sum of chunks of the right operand's
     * rows, scaled, four rows at a time so that the sums are loaded and stored a quarter as often.
     */
    private static void vectorMatrix(Matrix left, Matrix right, Matrix product) {
        int widthBlock = chunk(right.columns());
        long columnBlocks = (right.columns() + widthBlock - 1) / widthBlock;
        PackedMatMul.forEachBlock(columnBlocks, (double) left.columns() * right.columns(), block -> {
            long firstColumn = block * widthBlock;
            int width = (int) Math.min(widthBlock, right.columns() - firstColumn);
            int depthBlock = chunk(left.columns());
            double[] scales = new double[depthBlock];
            double[][] rows = new double[4][width];
            double[] sums = new double[width];
            for (long firstK = 0; firstK < left.columns(); firstK += depthBlock) {
                int depth = (int) Math.min(depthBlock, left.columns() - firstK);
                left.loadRow(0, firstK, scales, depth);
                int k = 0;
                for (; k + 4 <= depth; k += 4) {
                    for (int r = 0; r < 4; r++) {
                        right.loadRow(firstK + k + r, firstColumn, rows[r], width);
                    }
                    double s0 = scales[k];
                    double s1 = scales[k + 1];
                    double s2 = scales[k + 2];
                    double s3 = scales[k + 3];
                    double[] r0 = rows[0];
                    double[] r1 = rows[1];
                    double[] r2 = rows[2];
                    double[] r3 = rows[3];
                    for (int j = 0; j < width; j++) {
                        sums[j] += s0 * r0[j] + s1 * r1[j] + s2 * r2[j] + s3 * r3[j];
                    }
                }
                for (; k < depth; k++) {
                    right.loadRow(firstK + k, firstColumn, rows[0], width);
                    double scale = scales[k];
                    double[] r0 = rows[0];
                    for (int j = 0; j < width; j++) {
                        sums[j] += scale * r0[j];
                    }
                }
            }
            product.writeBlock(0, firstColumn, 1, width, sums, width, false);
        });
    }

    /**
     * Rows of the product built a chunk at a time from a pack of the right operand's rows, and added
     * into the result, whose wrap-around makes the partial sums exact modulo its width.
     */
    private static void integers(Matrix left, Matrix right, Matrix product) {
        long inner = left.columns();
        int depthBlock = (int) Math.min(INTEGER_DEPTH, Math.max(inner, 1));
        int widthBlock = chunk(right.columns());
        long[] pack = new long[depthBlock * widthBlock];
        long[] scales = new long[depthBlock];
        long[] sums = new long[widthBlock];
        long[] line = new long[widthBlock];
        for (long firstColumn = 0; firstColumn < right.columns(); firstColumn += widthBlock) {
            int width = (int) Math.min(widthBlock, right.columns() - firstColumn);
            for (long firstK = 0; firstK < inner; firstK += depthBlock) {
                int depth = (int) Math.min(depthBlock, inner - firstK);
                for (int k = 0; k < depth; k++) {
                    right.loadRow(firstK + k, firstColumn, line, width);
                    System.arraycopy(line, 0, pack, k * width, width);
                }
                for (long i = 0; i < left.rows(); i++) {
                    left.loadRow(i, firstK, scales, depth);
                    if (firstK == 0) {
                        Arrays.fill(sums, 0, width, 0);
                    } else {
                        product.loadRow(i, firstColumn, sums, width);
                    }
                    for (int k = 0; k < depth; k++) {
                        long scale = scales[k];
                        int from = k * width;
                        for (int j = 0; j < width; j++) {
                            sums[j] += scale * pack[from + j];
                        }
                    }
                    product.storeRow(i, firstColumn, sums, width);
                }
            }
        }
    }
}
