package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Deterministic values for round-trip tests, the same in the parent and in a child JVM. */
public final class Samples {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    private Samples() {
    }

    /** An array whose elements are random bit patterns (NaNs, infinities, subnormals included). */
    public static NdArray randomArray(DType dtype, long seed, long... shape) {
        NdArray array = NdArray.allocate(dtype, shape);
        var random = new SplittableRandom(seed);
        MemorySegment bytes = array.segment();
        long whole = bytes.byteSize() & -8L;
        for (long i = 0; i < whole; i += 8) {
            long bits = random.nextLong();
            bytes.set(WORD, i, dtype == DType.BOOL ? bits & 0x0101010101010101L : bits);
        }
        for (long i = whole; i < bytes.byteSize(); i++) {
            byte value = (byte) random.nextInt();
            bytes.set(ValueLayout.JAVA_BYTE, i, dtype == DType.BOOL ? (byte) (value & 1) : value);
        }
        return array;
    }

    /** One value of every Java type a shelf accepts, keyed by the variable name to use. */
    public static Map<String, Object> javaValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("booleans", new boolean[] {true, false, true});
        values.put("bytes", new byte[] {-128, -1, 0, 1, 127});
        values.put("shorts", new short[] {Short.MIN_VALUE, -2, 0, Short.MAX_VALUE});
        values.put("chars", new char[] {'a', 'é', '\uffff'});
        values.put("ints", new int[] {Integer.MIN_VALUE, -7, 0, Integer.MAX_VALUE});
        values.put("longs", new long[] {Long.MIN_VALUE, -3, 0, Long.MAX_VALUE});
        values.put("floats", new float[] {-1.5f, Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE});
        values.put("doubles", new double[] {-2.25, Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE});
        values.put("booleans2d", new boolean[][] {{true, false}, {false, true}});
        values.put("bytes2d", new byte[][] {{-1, 2, 3}, {4, 5, -6}});
        values.put("shorts2d", new short[][] {{-1}, {2}});
        values.put("chars2d", new char[][] {{'x', 'y'}});
        values.put("ints2d", new int[][] {{-1, 2}, {3, -4}, {5, 6}});
        values.put("longs2d", new long[][] {{-1L << 40, 2}, {3, -4}});
        values.put("floats2d", new float[][] {{-0.5f, 1e30f}});
        values.put("doubles2d", new double[][] {{1, 2}, {3, 4}});
        values.put("empty", new double[0]);
        values.put("string", "naïve café ☕ 𝛑");
        values.put("emptyString", "");
        values.put("buffer", ByteBuffer.wrap(new byte[] {9, 8, 7, 6}));
        values.put("negativeLong", -3L);
        values.put("negativeInt", -123456);
        values.put("short", (short) -12);
        values.put("byte", (byte) -5);
        values.put("char", 'Z');
        values.put("double", -0.0);
        values.put("nan", Double.NaN);
        values.put("float", -3.5f);
        values.put("true", true);
        values.put("false", false);
        return values;
    }
}
