package io.jpmm;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Matrix products of every shape class the blocked, packed and streamed paths treat differently:
 * edges smaller than a tile, blocks of depth, rows and columns crossed, one row or one column,
 * views with strides and transposes, and dtypes that compute in float64 or wrap as integers. Small
 * integer values make every product and sum exact in float64, so any order of summation must give
 * the exact result.
 */
class MatMulTest {

    static Stream<long[]> shapes() {
        return Stream.of(new long[] {1, 1, 1}, new long[] {1, 5, 1}, new long[] {3, 5, 2}, new long[] {4, 16, 16},
                new long[] {5, 17, 33}, new long[] {2, 300, 1030}, new long[] {70, 300, 37},
                new long[] {130, 513, 1030}, new long[] {1, 5000, 3}, new long[] {1, 3, 4200}, new long[] {9, 4100, 1},
                new long[] {1000, 7, 2}, new long[] {3, 0, 4});
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void float64ProductsOfSmallIntegersAreExact(long[] shape) {
        NdArray a = smallIntegers(DType.FLOAT64, 1, shape[0], shape[1]);
        NdArray b = smallIntegers(DType.FLOAT64, 2, shape[1], shape[2]);
        NdArray product = a.matmul(b);
        assertThat(product.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(product.shape()).containsExactly(shape[0], shape[2]);
        assertThat(product.toDoubleArray()).containsExactly(toDoubles(exactProduct(a, b)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void transposedAndStridedOperandsGiveTheProductOfTheirElements(long[] shape) {
        NdArray a = smallIntegers(DType.FLOAT32, 3, shape[1], 2 * shape[0]).transpose().get("::2");
        NdArray b = smallIntegers(DType.INT16, 4, shape[1], shape[2]).get("::-1");
        NdArray product = a.matmul(b);
        assertThat(product.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(product.toDoubleArray()).containsExactly(toDoubles(exactProduct(a, b)));
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void integerProductsWrapAroundInTheResultDtype(long[] shape) {
        NdArray a = smallIntegers(DType.INT8, 5, shape[0], shape[1]).multiply(NdArray.of(new long[] {13}).astype(DType.INT8));
        NdArray b = smallIntegers(DType.INT8, 6, shape[1], shape[2]);
        NdArray product = a.matmul(b);
        assertThat(product.dtype()).isEqualTo(DType.INT8);
        long[] exact = exactProduct(a, b);
        long[] wrapped = new long[exact.length];
        for (int i = 0; i < exact.length; i++) {
            wrapped[i] = (byte) exact[i];
        }
        assertThat(product.toLongArray()).containsExactly(wrapped);
    }

    @Test
    void stacksOfMatricesMultiplyPairByPairWithTheirStacksBroadcast() {
        NdArray a = smallIntegers(DType.FLOAT64, 8, 2 * 65, 40).reshape(2, 1, 65, 40);
        NdArray b = smallIntegers(DType.INT32, 9, 3 * 40, 20).reshape(1, 3, 40, 20);
        NdArray product = a.matmul(b);
        assertThat(product.shape()).containsExactly(2, 3, 65, 20);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                NdArray left = a.get(i + ", 0");
                NdArray right = b.get("0, " + j);
                assertThat(product.get(i + ", " + j).toDoubleArray()).as("stack (%d, %d)", i, j)
                        .containsExactly(toDoubles(exactProduct(left, right)));
            }
        }
        NdArray vectors = smallIntegers(DType.FLOAT64, 10, 1, 40).reshape(40);
        assertThat(a.matmul(vectors).shape()).containsExactly(2, 1, 65);
        assertThat(vectors.matmul(b).shape()).containsExactly(1, 3, 20);
    }

    @Test
    void stacksThatDoNotBroadcastAndDotOfMoreThanTwoDimensionsAreRefusedClearly() {
        NdArray a = NdArray.allocate(DType.FLOAT64, 2, 4, 3);
        NdArray b = NdArray.allocate(DType.FLOAT64, 3, 3, 5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.matmul(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matmul: the stacks of shapes (2, 4, 3) and (3, 3, 5) do not broadcast");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NdMath.dot(a, NdArray.allocate(DType.FLOAT64, 3, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use matmul for stacks of matrices");
    }

    @Test
    void productsComputedConcurrentlyInsideAParallelStreamStayExact() {
        // Each large enough to split its rows among the pool's threads, while other threads of the
        // same pool run other products: packs are per thread and per product.
        java.util.List<String> wrong = java.util.stream.IntStream.range(0, 12).parallel().mapToObj(seed -> {
            NdArray a = smallIntegers(DType.FLOAT64, 100 + seed, 200, 300);
            NdArray b = smallIntegers(DType.FLOAT64, 200 + seed, 300, 350);
            boolean exact = java.util.Arrays.equals(a.matmul(b).toDoubleArray(), toDoubles(exactProduct(a, b)));
            return exact ? null : "product " + seed;
        }).filter(java.util.Objects::nonNull).toList();
        assertThat(wrong).isEmpty();
    }

    @Test
    void matrixVectorProductsLargeEnoughToShareTheirBlocksAmongThreadsAreExact() {
        // 4,100 × 4,100 multiply-adds: past the size from which the blocks run on the fork-join pool.
        NdArray matrix = smallIntegers(DType.FLOAT64, 11, 4100, 4100);
        NdArray vector = smallIntegers(DType.FLOAT64, 12, 1, 4100).reshape(4100);
        long[] exactRight = exactProduct(matrix, vector.reshape(4100, 1));
        long[] exactLeft = exactProduct(vector.reshape(1, 4100), matrix);
        assertThat(matrix.matmul(vector).toDoubleArray()).containsExactly(toDoubles(exactRight));
        assertThat(vector.matmul(matrix).toDoubleArray()).containsExactly(toDoubles(exactLeft));
    }

    @Test
    void float64ProductsOfArbitraryValuesMatchAPlainTripleLoop() {
        int rows = 130;
        int inner = 700;
        int columns = 1100;
        var random = new SplittableRandom(7);
        double[][] left = new double[rows][inner];
        double[][] right = new double[inner][columns];
        for (double[] row : left) {
            java.util.Arrays.setAll(row, i -> random.nextDouble(-1, 1));
        }
        for (double[] row : right) {
            java.util.Arrays.setAll(row, i -> random.nextDouble(-1, 1));
        }
        NdArray product = NdArray.of(left).matmul(NdArray.of(right));
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double expected = 0;
                for (int k = 0; k < inner; k++) {
                    expected += left[i][k] * right[k][j];
                }
                // Sums of 700 products below 1, in another order: far above the rounding of either.
                assertThat(product.getDouble(i, j)).isCloseTo(expected, within(1e-11));
            }
        }
    }

    @Test
    void float16ProductsRoundOnceFromTheExactSum() {
        NdArray a = NdArray.of(new double[][] {{0.1, 0.2, 0.3}}).astype(DType.FLOAT16);
        NdArray b = NdArray.of(new double[][] {{1000}, {3}, {0.001}}).astype(DType.FLOAT16);
        double exact = a.getDouble(0, 0) * b.getDouble(0, 0) + a.getDouble(0, 1) * b.getDouble(1, 0)
                + a.getDouble(0, 2) * b.getDouble(2, 0);
        NdArray product = a.matmul(b);
        assertThat(product.dtype()).isEqualTo(DType.FLOAT16);
        assertThat(product.getDouble(0, 0)).isEqualTo(NdArray.of(exact).astype(DType.FLOAT16).getDouble(0));
    }

    private static NdArray smallIntegers(DType dtype, long seed, long rows, long columns) {
        var random = new SplittableRandom(seed);
        long[] values = new long[Math.toIntExact(rows * columns)];
        java.util.Arrays.setAll(values, i -> random.nextLong(-8, 9));
        return NdArray.of(values).reshape(rows, columns).astype(dtype);
    }

    /** The product in 64-bit integers from the elements as they read. */
    private static long[] exactProduct(NdArray a, NdArray b) {
        int rows = (int) a.shape()[0];
        int inner = (int) a.shape()[1];
        int columns = (int) b.shape()[1];
        long[] left = toLongs(a.toDoubleArray());
        long[] right = toLongs(b.toDoubleArray());
        long[] product = new long[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < inner; k++) {
                for (int j = 0; j < columns; j++) {
                    product[i * columns + j] += left[i * inner + k] * right[k * columns + j];
                }
            }
        }
        return product;
    }

    private static long[] toLongs(double[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = (long) values[i];
        }
        return longs;
    }

    private static double[] toDoubles(long[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }
}
