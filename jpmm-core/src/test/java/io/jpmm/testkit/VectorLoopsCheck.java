package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.NdMath;
import java.util.SplittableRandom;

/**
 * Child-JVM main, run with and without {@code --add-modules jdk.incubator.vector}: prints which
 * float64 loops the JVM got, then, for arrays of awkward lengths, contiguous, strided and in place,
 * the bits of sums and element-wise results, one line each, so the parent can compare the two runs.
 */
public final class VectorLoopsCheck {
    public static void main(String[] args) {
        System.out.println("LOOPS " + io.jpmm.internal.compute.Float64Loops.get().description());
        var random = new SplittableRandom(5);
        for (int length : new int[] {1, 7, 8, 9, 63, 1000, 2049, 100_003}) {
            NdArray a = NdArray.allocate(DType.FLOAT64, length);
            NdArray b = NdArray.allocate(DType.FLOAT64, length);
            for (int i = 0; i < length; i++) {
                a.set(random.nextDouble(-1e3, 1e3), i);
                b.set(random.nextDouble(0.5, 2), i);
            }
            System.out.println("SUM " + length + " " + a.sum().getDouble() + " " + a.get("::2").sum().getDouble());
            for (NdArray result : new NdArray[] {a.add(b), a.subtract(b), a.multiply(b), a.divide(b), a.multiply(0.75),
                    a.get("::-1").add(b), NdMath.divide(a.get("1:"), 3.0)}) {
                System.out.println("BITS " + length + " " + java.util.Arrays.hashCode(result.toDoubleArray()));
            }
            NdArray c = a.copy();
            c.addInPlace(b).multiplyInPlace(2.5).subtractInPlace(1);
            System.out.println("INPLACE " + length + " " + java.util.Arrays.hashCode(c.toDoubleArray()));
        }
    }
}
