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
}
