package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Child-JVM main: opens a shelf read-only and checks that every sample variable is there,
 * bit-exact. Prints {@code OK <name>} or {@code MISMATCH <name>: ...} per variable.
 */
public final class VerifyShelf {

    /** The name under which {@link #main} expects the random array of {@code dtype}. */
    public static String arrayName(DType dtype) {
        return "array_" + dtype;
    }

    public static final long ARRAY_SEED = 42;
    public static final long[] ARRAY_SHAPE = {3, 5};

    public static void main(String[] args) {
        try (Shelf shelf = Shelf.open(args[1], ShelfOptions.at(Path.of(args[0])).readOnly())) {
            for (DType dtype : DType.values()) {
                NdArray expected = Samples.randomArray(dtype, ARRAY_SEED + dtype.ordinal(), ARRAY_SHAPE);
                report(arrayName(dtype), expected.equals(shelf.array(arrayName(dtype))), shelf.array(arrayName(dtype)));
            }
            for (Map.Entry<String, Object> sample : Samples.javaValues().entrySet()) {
                Object actual = shelf.get(sample.getKey());
                report(sample.getKey(), matches(sample.getValue(), actual), actual);
            }
        }
    }

    private static boolean matches(Object expected, Object actual) {
        return switch (expected) {
            case byte[] bytes -> actual instanceof byte[] read && Arrays.equals(bytes, read);
            case ByteBuffer buffer -> actual instanceof byte[] read && ByteBuffer.wrap(read).equals(buffer);
            case String text -> text.equals(actual);
            default -> expected.getClass().isArray()
                    ? NdArray.copyOf(expected).equals(actual)
                    : Objects.equals(expected, actual);
        };
    }

    private static void report(String name, boolean ok, Object actual) {
        System.out.println(ok ? "OK " + name : "MISMATCH " + name + ": " + actual);
    }
}
