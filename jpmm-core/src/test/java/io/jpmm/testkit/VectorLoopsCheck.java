package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.NdMath;
import java.util.SplittableRandom;

/**
 * Child-JVM main, run with and without {@code --add-modules jdk.incubator.vector}: prints which
 * float64 loops the JVM got, then, for arrays of awkward lengths, contiguous, strided and in place,
 * the bits of sums and element-wise results, one line each, so the parent can compare the two runs;
 * then which matrix-product kernel it got, and the bits of products of small integers (exact in any
 * order of summation) for shapes that cross every edge of the kernels' tiles and blocks, matrix ·
 * vector products included.
 */
public final class VectorLoopsCheck {
    public static void main(String[] args) {
        System.out.println("LOOPS " + io.jpmm.internal.compute.Float64Loops.get().description());
        System.out.println("KERNEL " + io.jpmm.internal.compute.MatMulKernel.get().description());
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
        // Small integers: every product and sum is exact, so tiles of any shape must agree bit for bit.
        for (long[] shape : new long[][] {{3, 5, 2}, {5, 17, 33}, {70, 300, 37}, {130, 513, 1030}, {1000, 7, 2},
                {1000, 7, 1}, {257, 33, 1}, {300, 5000, 1}}) {
            NdArray a = NdArray.allocate(DType.FLOAT64, shape[0], shape[1]);
            NdArray b = NdArray.allocate(DType.FLOAT64, shape[1], shape[2]);
            for (long i = 0; i < a.size(); i++) {
                a.set(random.nextInt(-8, 9), i / shape[1], i % shape[1]);
            }
            for (long i = 0; i < b.size(); i++) {
                b.set(random.nextInt(-8, 9), i / shape[2], i % shape[2]);
            }
            System.out.println("MATMUL " + java.util.Arrays.toString(shape) + " "
                    + java.util.Arrays.hashCode(a.matmul(b).toDoubleArray()) + " "
                    + java.util.Arrays.hashCode(a.transpose().get("::-1").transpose().matmul(b.get("::-1")).toDoubleArray()));
        }
    }
}
