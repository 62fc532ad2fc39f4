package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.PrintShelf;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What PyMM users write on shelved arrays ({@code s.x[::-1]}, {@code s.B[:, 0] = q}, {@code s.n += 1},
 * {@code s.x * y}, row {@code +=}), in jpmm: in-place results stay on the shelf and survive a
 * reopen in another JVM; out-of-place results are DRAM arrays.
 */
class ShelvedComputeTest {
    @TempDir
    Path directory;

    @Test
    void inPlaceResultsOnShelvedArraysSurviveAReopenInAnotherJvm() {
        try (Shelf shelf = Shelf.open("compute", ShelfOptions.at(directory).sizeMb(4))) {
            NdArray x = shelf.ndarray("x", DType.INT64, 6);
            x.assign(new long[] {0, 1, 2, 3, 4, 5});
            NdArray reversed = x.get("::-1");
            assertThat(reversed.toLongArray()).containsExactly(5, 4, 3, 2, 1, 0);
            assertThat(x.get("-3::-1").toLongArray()).containsExactly(3, 2, 1, 0);
            assertThat(x.get(":-3:-1").toLongArray()).containsExactly(5, 4);

            NdArray b = shelf.ndarray("B", DType.FLOAT64, 3, 4);
            b.set(":, 0", new double[] {1.5, 2.5, 3.5});
            b.get("1").addInPlace(10);
            b.get("2, 1:").multiplyInPlace(NdArray.of(2.0, 3.0, 4.0));
            b.get(":, -1").subtractInPlace(0.25);
            b.get("0").divideInPlace(2);

            NdArray n = shelf.ndarray("n", DType.INT32, 1);
            for (int i = 0; i < 3; i++) {
                n.addInPlace(1);
            }
            x.multiplyInPlace(x.get("::-1"));
            x.reshape(2, -1).get(":, 0").assign(-1);

            NdArray product = NdMath.multiply(b, 2);
            assertThat(product.isShelved()).as("an out-of-place result is a DRAM array").isFalse();
            assertThat(b.add(b).isShelved()).isFalse();
            assertThatThrownBy(() -> n.divideInPlace(2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("same_kind");
            shelf.persist();
        }
        var child = ChildJvm.run(Duration.ofMinutes(1), PrintShelf.class, directory.toString(), "compute");
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.stdout()).contains("x=shelved([-1, 4, 6, -1, 4, 0])")
                .contains("n=shelved([3], dtype=int32)")
                .contains("B=shelved([[ 0.75 , 0. , 0. , -0.125], [12.5 , 10. , 10. , 9.75 ], [ 3.5 , 0. , 0. , -0.25 ]])");
    }

    @Test
    void outOfPlaceFloat64ArithmeticOnShelvedOperandsMatchesDramBitForBit() {
        // Shelved operands with a DRAM result run their own loops (ShelvedToDramFloat64Loops and
        // DramWithShelvedFloat64Loops): every operation, contiguous, strided, reversed and with a
        // scalar, against the same in DRAM.
        int length = 3_000;
        NdArray a = NdArray.allocate(DType.FLOAT64, length);
        NdArray b = NdArray.allocate(DType.FLOAT64, length);
        for (int i = 0; i < length; i++) {
            a.set(Math.sin(i) * 1e3, i);
            b.set(Math.cos(i) + 2.0, i);
        }
        try (Shelf shelf = Shelf.open("mixed", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("a", a);
            shelf.put("b", b);
            NdArray sa = shelf.array("a");
            NdArray sb = shelf.array("b");
            for (String view : new String[] {":", "::3", "::-1", "7:2000:5"}) {
                assertSameBits(NdMath.add(sa.get(view), sb.get(view)), NdMath.add(a.get(view), b.get(view)));
                assertSameBits(NdMath.subtract(sa.get(view), sb.get(view)), NdMath.subtract(a.get(view), b.get(view)));
                assertSameBits(NdMath.multiply(sa.get(view), sb.get(view)), NdMath.multiply(a.get(view), b.get(view)));
                assertSameBits(NdMath.divide(sa.get(view), sb.get(view)), NdMath.divide(a.get(view), b.get(view)));
                assertSameBits(NdMath.multiply(sa.get(view), 0.1), NdMath.multiply(a.get(view), 0.1));
                assertSameBits(NdMath.subtract(sa.get(view), 3.0), NdMath.subtract(a.get(view), 3.0));
                // A DRAM first operand with a shelved second one (DramWithShelvedFloat64Loops).
                assertSameBits(NdMath.subtract(a.get(view), sb.get(view)), NdMath.subtract(a.get(view), b.get(view)));
                assertSameBits(NdMath.divide(b.get(view), sa.get(view)), NdMath.divide(b.get(view), a.get(view)));
            }
            // A sum along the outer axis adds shelved rows into a DRAM accumulator.
            assertSameBits(sa.reshape(30, 100).sum(0), a.reshape(30, 100).sum(0));
            assertSameBits(sa.reshape(30, 100).get("::-2").sum(0), a.reshape(30, 100).get("::-2").sum(0));
        }
    }

    @Test
    void largeDramResultsAreZeroedAndGivenBackWhenUnreachable() throws Exception {
        // Results of 32 MiB and more are kernel mappings of their own (with native access): zero until
        // written, and unmapped when collected, so a loop of large results does not grow the process.
        long elements = 8L << 20; // 64 MiB of float64
        long before = residentBytes();
        for (int i = 0; i < 48; i++) {
            NdArray zeros = NdArray.allocate(DType.FLOAT64, elements);
            assertThat(zeros.getDouble(elements - 1)).isZero();
            NdArray result = NdMath.add(zeros.fill(1.0), 2.0);
            assertThat(result.getDouble(elements / 2)).isEqualTo(3.0);
            assertThat(result.sum().getDouble()).isEqualTo(3.0 * elements);
            if (i % 4 == 3) {
                System.gc();
            }
        }
        System.gc();
        Thread.sleep(200);
        assertThat(residentBytes() - before).as("resident growth after 6 GiB of collected results")
                .isLessThan(1L << 30);
    }

    private static void assertSameBits(NdArray actual, NdArray expected) {
        assertThat(actual.isShelved()).isFalse();
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double[] got = actual.toDoubleArray();
        double[] want = expected.toDoubleArray();
        for (int i = 0; i < want.length; i++) {
            assertThat(Double.doubleToRawLongBits(got[i])).as("element %d: %s against %s", i, got[i], want[i])
                    .isEqualTo(Double.doubleToRawLongBits(want[i]));
        }
    }

    private static long residentBytes() throws Exception {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS");
    }
}
