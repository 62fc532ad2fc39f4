package io.jpmm.internal.compute;

import java.util.Arrays;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

/**
 * A float64 matrix product in the layout of GotoBLAS and BLIS. The right operand is copied, a block
 * of {@value #DEPTH} rows × {@value #COLUMN_BLOCK} columns at a time, into panels as wide as the
 * kernel's tile; the left one, {@value #ROW_BLOCK} rows at a time, into panels as tall as the tile.
 * Inside a panel the elements lie in the order the kernel reads them, so that a left panel stays in
 * the L2 cache, a right panel in L1 or L2, and every element loaded is used for a whole row or column of
 * a tile. Copying also converts: operands of any dtype and strides pack the same way.
 */
final class PackedMatMul {
    /**
     * Products summed per tile before it is written: the depth of a pack. Deep enough that writing
     * a tile (and adding it to the partial sums already written) costs little against computing it.
     */
    private static final int DEPTH = 512;
    /** Rows of the left operand packed at a time (with {@link #DEPTH}, 256 KiB). */
    private static final int ROW_BLOCK = 64;
    /** Columns of the right operand packed at a time (with {@link #DEPTH}, 4 MiB). */
    private static final int COLUMN_BLOCK = 1024;

    /**
     * Products of at least this many multiply-adds (about half a millisecond on one core) share their
     * blocks of rows among the common fork-join pool's threads, as a BLAS library shares them among
     * its own; {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} keeps them on the
     * calling thread.
     */
    private static final long PARALLEL_WORK = 1L << 24;

    /**
     * The packs a thread used last, kept for its next product: a fresh right pack of a few MiB per
     * product is a humongous allocation for the G1 collector, and cost more than a small product's
     * arithmetic. At most 4 MiB (right) and 256 KiB (left) per thread that multiplies matrices.
     */
    private static final ThreadLocal<Scratch> RIGHT = ThreadLocal.withInitial(Scratch::new);
    private static final ThreadLocal<Scratch> LEFT = ThreadLocal.withInitial(Scratch::new);

    /**
     * A pack and a line to read rows into. Should a thread ever start another product while its own
     * waits for row blocks (a fork-join worker may run other tasks while it waits), a scratch still in
     * use is not handed out again: that product gets fresh arrays instead.
     */
    private static final class Scratch {
        double[] pack = new double[0];
        double[] line = new double[0];
        boolean inUse;

        static Scratch take(ThreadLocal<Scratch> kept, int packLength, int lineLength) {
            Scratch scratch = kept.get();
            if (scratch.inUse) {
                scratch = new Scratch();
            }
            if (scratch.pack.length < packLength) {
                scratch.pack = new double[packLength];
            }
            if (scratch.line.length < lineLength) {
                scratch.line = new double[lineLength];
            }
            scratch.inUse = true;
            return scratch;
        }
    }

    private PackedMatMul() {
    }

    /** {@code product = left · right}, where {@code product} is float64; each element is written once per block of depth. */
    static void multiply(Matrix left, Matrix right, Matrix product, MatMulKernel kernel) {
        long rows = left.rows();
        long inner = left.columns();
        long columns = right.columns();
        int columnBlock = (int) Math.min(COLUMN_BLOCK, roundUp(columns, kernel.columns()));
        int depthBlock = (int) Math.min(DEPTH, inner);
        int rowBlock = (int) Math.min(ROW_BLOCK, roundUp(rows, kernel.rows()));
        long rowBlocks = (rows + rowBlock - 1) / rowBlock;
        double work = (double) rows * inner * columns;
        Scratch shared = Scratch.take(RIGHT, depthBlock * columnBlock, columnBlock);
        try {
            for (long firstColumn = 0; firstColumn < columns; firstColumn += columnBlock) {
                int width = (int) Math.min(columnBlock, columns - firstColumn);
                for (long firstK = 0; firstK < inner; firstK += depthBlock) {
                    int depth = (int) Math.min(depthBlock, inner - firstK);
                    packRight(right, firstK, depth, firstColumn, width, kernel.columns(), shared.pack, shared.line);
                    var block = new Block(left, product, kernel, shared.pack, firstColumn, width, firstK, depth, rowBlock);
                    forEachBlock(rowBlocks, work, block::multiplyRows);
                }
            }
        } finally {
            shared.inUse = false;
        }
    }

    /**
     * Runs {@code body} for blocks {@code 0 .. count - 1}: on the common fork-join pool when there is
     * more than one and the whole product is {@code work} multiply-adds or more, else in turn.
     */
    static void forEachBlock(long count, double work, LongConsumer body) {
        if (count > 1 && work >= PARALLEL_WORK) {
            LongStream.range(0, count).parallel().forEach(body);
        } else {
            for (long index = 0; index < count; index++) {
                body.accept(index);
            }
        }
    }

    /** One packed block of the right operand against every block of rows of the left. */
    private record Block(Matrix left, Matrix product, MatMulKernel kernel, double[] rightPack, long firstColumn, int width,
                         long firstK, int depth, int rowBlock) {

        void multiplyRows(long index) {
            long firstRow = index * rowBlock;
            int height = (int) Math.min(rowBlock, left.rows() - firstRow);
            int tileRows = kernel.rows();
            int tileColumns = kernel.columns();
            Scratch own = Scratch.take(LEFT, rowBlock * depth, depth);
            try {
                packLeft(left, firstRow, height, firstK, depth, tileRows, own.pack, own.line);
                double[] tile = new double[tileRows * tileColumns];
                for (int j = 0; j < width; j += tileColumns) {
                    for (int i = 0; i < height; i += tileRows) {
                        kernel.multiply(own.pack, i * depth, rightPack, j * depth, depth, tile);
                        product.writeBlock(firstRow + i, firstColumn + j, Math.min(tileRows, height - i),
                                Math.min(tileColumns, width - j), tile, tileColumns, firstK > 0);
                    }
                }
            } finally {
                own.inUse = false;
            }
        }
    }

    /** Rows from {@code firstK}, columns from {@code firstColumn}, in panels of {@code panel} columns, k-major, zero-padded. */
    private static void packRight(Matrix right, long firstK, int depth, long firstColumn, int width, int panel,
                                  double[] pack, double[] line) {
        for (int k = 0; k < depth; k++) {
            right.loadRow(firstK + k, firstColumn, line, width);
            for (int j = 0; j < width; j += panel) {
                int used = Math.min(panel, width - j);
                int at = j * depth + k * panel;
                System.arraycopy(line, j, pack, at, used);
                Arrays.fill(pack, at + used, at + panel, 0);
            }
        }
    }

    /** Rows from {@code firstRow}, columns from {@code firstK}, in panels of {@code panel} rows, k-major, zero-padded. */
    private static void packLeft(Matrix left, long firstRow, int height, long firstK, int depth, int panel,
                                 double[] pack, double[] line) {
        int paddedHeight = (int) roundUp(height, panel);
        for (int i = 0; i < paddedHeight; i++) {
            int at = (i / panel) * panel * depth + i % panel;
            if (i < height) {
                left.loadRow(firstRow + i, firstK, line, depth);
                for (int k = 0; k < depth; k++) {
                    pack[at + k * panel] = line[k];
                }
            } else {
                for (int k = 0; k < depth; k++) {
                    pack[at + k * panel] = 0;
                }
            }
        }
    }

    /** Elements a product computes, padding included: the smaller, the less the kernel wastes on edges. */
    static long paddedSize(long rows, long columns, MatMulKernel kernel) {
        return roundUp(rows, kernel.rows()) * roundUp(columns, kernel.columns());
    }

    private static long roundUp(long value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
