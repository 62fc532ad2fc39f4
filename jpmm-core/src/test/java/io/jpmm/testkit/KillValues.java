package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.VariableInfo;
import io.jpmm.VariableKind;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The values of the kill workload, each determined by a version number: what kind of variable
 * (array of any dtype, string, scalar, bytes), how big (from a few bytes to tens of MB), and its
 * bits. Parent and child compute the same value from the same version.
 */
public final class KillValues {

    /** The kind, dtype and shape of a value. */
    public record Spec(VariableKind kind, DType dtype, long[] shape) {
        public long elements() {
            long size = 1;
            for (long dim : shape) {
                size *= dim;
            }
            return size;
        }
    }

    private KillValues() {
    }

    /** The spec of a value put fresh with {@code version}. */
    public static Spec spec(long version) {
        var random = new SplittableRandom(version * 31 + 7);
        int kind = random.nextInt(10);
        if (kind == 0) {
            return new Spec(VariableKind.STRING, DType.UINT8, new long[] {string(version).getBytes(StandardCharsets.UTF_8).length});
        } else if (kind == 1) {
            return new Spec(VariableKind.SCALAR, DType.INT64, new long[0]);
        } else if (kind == 2) {
            return new Spec(VariableKind.BYTES, DType.UINT8, new long[] {random.nextInt(5000)});
        }
        return arraySpec(version);
    }

    /** An array spec: any dtype, up to 3 dimensions, mostly small, sometimes MBs, rarely tens of MB. */
    public static Spec arraySpec(long version) {
        var random = new SplittableRandom(version * 17 + 3);
        DType dtype = DType.values()[random.nextInt(DType.values().length)];
        int size = random.nextInt(100);
        long bytes = size < 70 ? 1 + random.nextInt(4096) : size < 97 ? random.nextInt(2 << 20) : (8L << 20) + random.nextInt(24 << 20);
        long elements = Math.max(1, bytes / dtype.itemSize());
        long[] shape = switch (random.nextInt(3)) {
            case 0 -> new long[] {elements};
            case 1 -> new long[] {Math.max(1, elements / 16), Math.min(elements, 16)};
            default -> new long[] {2, 3, Math.max(1, elements / 6)};
        };
        return new Spec(VariableKind.ARRAY, dtype, shape);
    }

    /** The value of {@code version} with {@code spec}: what the child puts. */
    public static Object value(long version, Spec spec) {
        return switch (spec.kind()) {
            case STRING -> string(version);
            case SCALAR -> -version;
            case BYTES -> bytes(version, (int) spec.shape()[0]);
            case ARRAY -> Samples.randomArray(spec.dtype(), version, spec.shape());
            case TABLE -> throw new IllegalArgumentException("the kill test puts no tables");
        };
    }

    private static String string(long version) {
        return "version " + version + " ☕".repeat((int) (version % 7));
    }

    private static byte[] bytes(long version, int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(version).nextBytes(bytes);
        return bytes;
    }

    /** Whether variable {@code name} holds exactly the value of {@code version} with {@code spec}. */
    public static boolean holds(Shelf shelf, String name, long version, Spec spec) {
        VariableInfo info = shelf.info(name);
        if (info.kind() != spec.kind() || info.dtype() != spec.dtype()
                || !java.util.Arrays.equals(info.shape().toArray(), spec.shape())) {
            return false;
        }
        Object expected = value(version, spec);
        Object actual = shelf.get(name);
        return switch (expected) {
            case byte[] bytes -> java.util.Arrays.equals(bytes, (byte[]) actual);
            default -> expected.equals(actual);
        };
    }

    /**
     * Whether array {@code name} holds, byte for byte, either the value of {@code from} (or zeros
     * when {@code from} is negative) or that of {@code to}: an unfinished write in place.
     */
    public static boolean holdsMix(Shelf shelf, String name, long from, long to, Spec spec) {
        VariableInfo info = shelf.info(name);
        if (info.kind() != VariableKind.ARRAY || info.dtype() != spec.dtype()
                || !java.util.Arrays.equals(info.shape().toArray(), spec.shape())) {
            return false;
        }
        MemorySegment actual = shelf.array(name).segment();
        MemorySegment before = from < 0 ? null : Samples.randomArray(spec.dtype(), from, spec.shape()).segment();
        MemorySegment after = Samples.randomArray(spec.dtype(), to, spec.shape()).segment();
        for (long i = 0; i < actual.byteSize(); i++) {
            byte value = actual.get(ValueLayout.JAVA_BYTE, i);
            byte old = before == null ? 0 : before.get(ValueLayout.JAVA_BYTE, i);
            if (value != old && value != after.get(ValueLayout.JAVA_BYTE, i)) {
                return false;
            }
        }
        return true;
    }
}
