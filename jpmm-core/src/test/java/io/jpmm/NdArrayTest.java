package io.jpmm;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NdArrayTest {

    private static NdArray counting(long... shape) {
        NdArray array = NdArray.allocate(DType.INT64, shape);
        long[] values = new long[(int) array.size()];
        Arrays.setAll(values, i -> i);
        return array.copyFrom(values);
    }

    @Test
    void elementsAreInCOrderAndNegativeIndicesCountFromTheEnd() {
        NdArray a = counting(2, 3, 4);
        assertThat(a.getLong(1, 2, 3)).isEqualTo(23);
        assertThat(a.getLong(-1, -1, -1)).isEqualTo(23);
        assertThat(a.getLong(0, 1, 0)).isEqualTo(4);
        assertThat(a.strides()).containsExactly(96, 32, 8);
    }

    @Test
    void outOfBoundsAndWrongRankIndicesAreClearErrors() {
        NdArray a = counting(2, 3);
        assertThatThrownBy(() -> a.getLong(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("index 2 is out of bounds for axis 0 with size 2");
        assertThatThrownBy(() -> a.getLong(0, -4)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> a.getLong(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 dimensions");
    }

    @Test
    void slicesSubArraysAndDiagonalsAreViewsThatWriteThrough() {
        NdArray a = counting(4, 4);
        NdArray column = a.slice(1, 1, 2);
        NdArray everyOtherRow = a.slice(0, 0, 4, 2);
        NdArray row = a.at(-1);
        assertThat(column.toLongArray()).containsExactly(1, 5, 9, 13);
        assertThat(everyOtherRow.shape()).containsExactly(2, 4);
        assertThat(everyOtherRow.toLongArray()).containsExactly(0, 1, 2, 3, 8, 9, 10, 11);
        assertThat(row.toLongArray()).containsExactly(12, 13, 14, 15);
        assertThat(a.diagonal().toLongArray()).containsExactly(0, 5, 10, 15);
        a.diagonal().fill(-1);
        column.fill(7);
        assertThat(a.getLong(0, 0)).isEqualTo(-1);
        assertThat(a.getLong(2, 1)).isEqualTo(7);
        assertThat(a.slice(0, -2, 100).shape()).containsExactly(2, 4);
        assertThat(a.slice(0, 3, 1).size()).isZero();
    }

    @Test
    void reshapeIsAViewWhereTheStridesAllowAndACopyElsewhere() {
        NdArray a = counting(2, 6);
        NdArray b = a.reshape(3, -1);
        assertThat(b.shape()).containsExactly(3, 4);
        b.set(100L, 2, 3);
        assertThat(a.getLong(1, 5)).isEqualTo(100);
        assertThatThrownBy(() -> a.reshape(5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 elements");
        assertThatThrownBy(() -> a.reshape(-1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one unknown dimension");
        // Every other column, strides (48, 16): evenly spaced, so splitting and merging axes stay views.
        NdArray strided = a.slice(1, 1, 6, 2);
        strided.reshape(2, 3, 1).set(-1L, 0, 0, 0);
        assertThat(a.getLong(0, 1)).as("a split of a strided view is still a view").isEqualTo(-1);
        strided.reshape(6).set(-3L, 1);
        assertThat(a.getLong(0, 3)).as("so is an even merge").isEqualTo(-3);
        // The first three columns, strides (48, 8): rows are not evenly spaced, so a merge copies.
        NdArray merged = a.slice(1, 0, 3).reshape(6);
        assertThat(merged.toLongArray()).containsExactly(0, -1, 2, 6, 7, 8);
        merged.set(55L, 1);
        assertThat(a.getLong(0, 1)).as("a merge that needs a copy is a copy").isEqualTo(-1);
        assertThat(a.transpose().ravel().toLongArray()).containsExactly(0, 6, -1, 7, 2, 8, -3, 9, 4, 10, 5, 100);
    }

    @Test
    void copyFromConvertsBetweenDtypesAndHandlesOverlap() {
        NdArray ints = NdArray.of(1, -2, 3);
        NdArray floats = NdArray.allocate(DType.FLOAT32, 3).copyFrom(ints);
        assertThat(floats.toFloatArray()).containsExactly(1f, -2f, 3f);
        NdArray a = counting(10);
        a.slice(0, 2, 10).copyFrom(a.slice(0, 0, 8));
        assertThat(a.toLongArray()).containsExactly(0, 1, 0, 1, 2, 3, 4, 5, 6, 7);
        assertThatThrownBy(() -> a.copyFrom(counting(2, 5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 5)").hasMessageContaining("(10,)");
    }

    @Test
    void copyFromJavaArraysFillsInCOrder() {
        NdArray a = NdArray.allocate(DType.INT16, 2, 2).copyFrom(new int[] {1, 2, 3, 4});
        assertThat(a.getLong(1, 0)).isEqualTo(3);
        a.copyFrom(new double[][] {{5, 6}, {7, 8}});
        assertThat(a.toShortArray()).containsExactly((short) 5, (short) 6, (short) 7, (short) 8);
        assertThatThrownBy(() -> a.copyFrom(new int[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.copyFrom("text")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, mode = EnumSource.Mode.EXCLUDE, names = {"COMPLEX64", "COMPLEX128"})
    void smallIntegersRoundTripThroughEveryRealDtype(DType dtype) {
        NdArray a = NdArray.allocate(dtype, 2);
        long value = dtype == DType.BOOL ? 1 : dtype.isUnsigned() ? 100 : -100;
        a.set(value, 0);
        a.set((double) value, 1);
        assertThat(a.getLong(0)).isEqualTo(value);
        assertThat(a.getDouble(1)).isEqualTo(value);
        assertThat(a.dtype().numpyName()).isEqualTo(dtype.toString());
        assertThat(a.byteSize()).isEqualTo(2L * dtype.itemSize());
    }

    @Test
    void unsignedTypesReadBackUnsigned() {
        NdArray a = NdArray.allocate(DType.UINT8, 1).fill(255L);
        assertThat(a.getLong(0)).isEqualTo(255);
        NdArray b = NdArray.allocate(DType.UINT64, 2);
        b.set(-1L, 0);
        b.set(0x1p63 + 4096, 1);
        assertThat(b.getLong(0)).isEqualTo(-1L);
        assertThat(b.getDouble(0)).isEqualTo(0x1p64);
        assertThat(b.getDouble(1)).isEqualTo(0x1p63 + 4096);
        assertThat(b.toString()).isEqualTo("array([18446744073709551615,  9223372036854779904], dtype=uint64)");
    }

    @Test
    void scalarsTruncateTowardZeroAndHalfFloatsRoundToNearest() {
        NdArray int8 = NdArray.allocate(DType.INT8, 2);
        int8.set(100.7, 0);
        int8.set(-1.9, 1);
        assertThat(int8.toLongArray()).containsExactly(100, -1);
        NdArray half = NdArray.allocate(DType.FLOAT16, 2);
        half.set(0.1, 0);
        half.set(65520.0, 1);
        assertThat(half.getDouble(0)).isEqualTo(0.0999755859375);
        assertThat(half.getDouble(1)).isInfinite();
        NdArray brain = NdArray.allocate(DType.BFLOAT16, 2);
        brain.set(1.00390625, 0);
        brain.set(Double.NaN, 1);
        assertThat(brain.getDouble(0)).isEqualTo(1.0);
        assertThat(brain.getDouble(1)).isNaN();
    }

    @Test
    void bfloat16PrintsItsOwnShortestDigitsWithNumpysRules() {
        // NumPy has no bfloat16 (ml_dtypes prints it its own way); jpmm prints it like NumPy's other
        // floats: shortest bfloat16 digits, scientific from 10 ** precision (2 decimal digits) on.
        NdArray wide = NdArray.allocate(DType.BFLOAT16, 3).copyFrom(new double[] {1e-7, 1.5, 300});
        assertThat(wide.toString()).isEqualTo("array([1.0e-07, 1.5e+00, 3.0e+02], dtype=bfloat16)");
        NdArray narrow = NdArray.allocate(DType.BFLOAT16, 3).copyFrom(new double[] {0.1, 3.14159, 1.0 / 3});
        assertThat(narrow.toString()).isEqualTo("array([0.1  , 3.14 , 0.334], dtype=bfloat16)");
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("scalarsThatDoNotFit")
    void aJavaScalarTheDtypeCannotHoldIsRefusedAsNumpyRefusesAPythonScalar(DType dtype, Object value) {
        NdArray array = NdArray.allocate(dtype, 2).fill(1L);
        if (value instanceof Double number) {
            assertThatThrownBy(() -> array.set(number, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(dtype.toString());
            assertThatThrownBy(() -> array.fill(number)).isInstanceOf(IllegalArgumentException.class);
        } else {
            long number = (Long) value;
            assertThatThrownBy(() -> array.set(number, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(dtype.toString()).hasMessageContaining(Long.toString(number));
            assertThatThrownBy(() -> array.fill(number)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(array.toLongArray()).as("nothing was written").containsExactly(1, 1);
    }

    static Stream<Arguments> scalarsThatDoNotFit() {
        return Stream.of(Arguments.of(DType.INT32, 1e20), Arguments.of(DType.INT32, Double.NaN),
                Arguments.of(DType.INT64, Double.POSITIVE_INFINITY), Arguments.of(DType.INT64, 0x1p63),
                Arguments.of(DType.INT8, 300L), Arguments.of(DType.INT8, 128.0), Arguments.of(DType.UINT8, -1L),
                Arguments.of(DType.UINT8, -1.0), Arguments.of(DType.UINT8, 256L), Arguments.of(DType.INT16, -32769L),
                Arguments.of(DType.UINT32, 4294967296L), Arguments.of(DType.UINT64, -1.0), Arguments.of(DType.UINT64, 0x1p64));
    }

    @Test
    void valuesAtTheEdgesOfEachRangeFit() {
        NdArray int8 = NdArray.allocate(DType.INT8, 2);
        int8.set(-128L, 0);
        int8.set(127.9, 1);
        assertThat(int8.toLongArray()).containsExactly(-128, 127);
        NdArray uint64 = NdArray.allocate(DType.UINT64, 2);
        uint64.set(-1L, 0);
        uint64.set(0x1p64 - 2048, 1);
        assertThat(uint64.getDouble(0)).isEqualTo(0x1p64);
        NdArray float32 = NdArray.allocate(DType.FLOAT32, 1);
        float32.set(1e300, 0);
        assertThat(float32.getDouble(0)).as("too large for float32: infinity, as in NumPy").isInfinite();
    }

    @Test
    void complexElementsHaveRealAndImaginaryParts() {
        NdArray c = NdArray.allocate(DType.COMPLEX128, 2);
        c.setComplex(1.5, -2, 0);
        c.set(3.0, 1);
        assertThat(c.getReal(0)).isEqualTo(1.5);
        assertThat(c.getImaginary(0)).isEqualTo(-2);
        assertThat(c.getImaginary(1)).isZero();
        assertThat(c.toDoubleArray()).containsExactly(1.5, -2, 3, 0);
        NdArray c64 = NdArray.allocate(DType.COMPLEX64, 2).copyFrom(c);
        assertThat(c64.toFloatArray()).containsExactly(1.5f, -2f, 3f, 0f);
        assertThatThrownBy(() -> c.getDouble(0)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("getReal");
        assertThatThrownBy(c::sum).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> NdArray.allocate(DType.FLOAT64, 2).copyFrom(c))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("imaginary");
    }

    @Test
    void reductionsFollowNumpy() {
        NdArray a = NdArray.of(3.0, -1.5, 2.0);
        assertThat(a.sum().getDouble()).isEqualTo(3.5);
        assertThat(a.mean().getDouble()).isCloseTo(3.5 / 3, within(1e-15));
        assertThat(a.min().getDouble()).isEqualTo(-1.5);
        assertThat(a.max().getDouble()).isEqualTo(3.0);
        assertThat(NdArray.of(1.0, Double.NaN, 0.0).min().getDouble()).isNaN();
        assertThat(NdArray.of(Long.MAX_VALUE, 1L).sum().getLong()).as("int64 sums wrap, exactly").isEqualTo(Long.MIN_VALUE);
        NdArray flags = NdArray.allocate(DType.BOOL, 5).fill(true);
        assertThat(flags.sum().dtype()).isEqualTo(DType.INT64);
        assertThat(flags.sum().getLong()).isEqualTo(5);
        assertThat(NdArray.allocate(DType.FLOAT64, 0).sum().getDouble()).isZero();
        assertThat(NdArray.allocate(DType.FLOAT64, 0).mean().getDouble()).isNaN();
        assertThatThrownBy(() -> NdArray.allocate(DType.INT8, 0).max()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero-size array");
        assertThat(counting(3, 4).slice(1, 1, 3).sum().getDouble()).isEqualTo(1 + 2 + 5 + 6 + 9 + 10);
    }

    @Test
    void equalsComparesDtypeShapeAndBitsWhereverTheArrayLives() {
        NdArray a = counting(2, 3);
        assertThat(a).isEqualTo(counting(2, 3)).hasSameHashCodeAs(counting(2, 3));
        assertThat(a).isNotEqualTo(counting(3, 2)).isNotEqualTo(counting(6));
        assertThat(a.slice(1, 0, 3)).isEqualTo(a);
        assertThat(NdArray.of(Double.NaN)).isEqualTo(NdArray.of(Double.NaN));
        assertThat(NdArray.of(0.0)).isNotEqualTo(NdArray.of(-0.0));
        assertThat(NdArray.of(1, 2)).isNotEqualTo(NdArray.of(1L, 2L));
    }

    @Test
    void writeToAndReadFromMoveRawLittleEndianBytes() throws Exception {
        NdArray a = counting(2, 3).slice(1, 0, 3, 2);
        var bytes = new ByteArrayOutputStream();
        a.writeTo(Channels.newChannel(bytes));
        assertThat(bytes.size()).isEqualTo(4 * 8);
        NdArray b = NdArray.allocate(DType.INT64, 2, 2);
        b.readFrom(Channels.newChannel(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(b.toLongArray()).containsExactly(0, 2, 3, 5);
        assertThat(bytes.toByteArray()[8 * 3]).isEqualTo((byte) 5);
        assertThatThrownBy(() -> NdArray.allocate(DType.INT64, 5)
                .readFrom(Channels.newChannel(new java.io.ByteArrayInputStream(new byte[12]))))
                .isInstanceOf(EOFException.class).hasMessageContaining("28 bytes");
    }

    @Test
    void fillWorksOnStridedViewsAndEveryDtype() {
        for (DType dtype : DType.values()) {
            NdArray a = NdArray.allocate(dtype, 3, 5);
            a.slice(1, 0, 5, 2).fill(1L);
            NdArray expected = NdArray.allocate(dtype, 3);
            expected.fill(1L);
            assertThat(a.slice(1, 2, 3).copy().reshape(3)).isEqualTo(expected);
            assertThat(a.slice(1, 1, 2).copy().reshape(3)).isEqualTo(NdArray.allocate(dtype, 3));
        }
    }

    @Test
    void javaArraysConvertBothWays() {
        assertThat(NdArray.copyOf(new boolean[] {true, false}).toBooleanArray()).containsExactly(true, false);
        assertThat(NdArray.copyOf(new char[] {'a'}).dtype()).isEqualTo(DType.UINT16);
        assertThat(NdArray.of(new long[][] {{1, 2}, {3, 4}}).shape()).containsExactly(2, 2);
        assertThat(NdArray.of(1.5, 2.5).toIntArray()).containsExactly(1, 2);
        assertThat(NdArray.of(300, -1).toByteArray()).containsExactly((byte) 44, (byte) -1);
        assertThatThrownBy(() -> NdArray.copyOf(new String[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copyIsAnIndependentContiguousDramArray() {
        NdArray a = counting(3, 3);
        NdArray copy = a.diagonal().copy();
        a.fill(0L);
        assertThat(copy.toLongArray()).containsExactly(0, 4, 8);
        assertThat(copy.isContiguous()).isTrue();
        assertThat(copy.isShelved()).isFalse();
        assertThatThrownBy(() -> a.diagonal().segment()).isInstanceOf(IllegalStateException.class);
        assertThat(a.segment().byteSize()).isEqualTo(72);
    }

    @Test
    void shapesAreLimitedTo32DimensionsAndNonNegative() {
        assertThat(NdArray.allocate(DType.INT8, new long[32]).rank()).isEqualTo(32);
        assertThatThrownBy(() -> NdArray.allocate(DType.INT8, new long[33])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32");
        assertThatThrownBy(() -> NdArray.allocate(DType.INT8, 2, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> NdArray.allocate(DType.INT8, Long.MAX_VALUE, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NdArray.allocate(DType.FLOAT64, 1L << 61)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void aZeroDimensionalArrayHoldsOneElement() {
        NdArray scalar = NdArray.allocate(DType.FLOAT64);
        scalar.set(2.5);
        assertThat(scalar.size()).isEqualTo(1);
        assertThat(scalar.getDouble()).isEqualTo(2.5);
        assertThat(scalar.toString()).isEqualTo("array(2.5)");
    }
}
