package io.jpmm.internal.compute;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.VectorLoopsCheck;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Vector API loops, which only a JVM run with {@code --add-modules jdk.incubator.vector} uses,
 * give the same element-wise results, bit for bit, as the plain loops, and sums that differ only
 * in the last digits (they add in another order); the two matrix-product kernels give the same
 * exact products.
 */
class VectorLoopsTest {
    @Test
    void vectorAndPlainLoopsAgree() {
        var plain = ChildJvm.run(Duration.ofMinutes(1), VectorLoopsCheck.class);
        var vector = ChildJvm.run(Duration.ofMinutes(1), List.of("--add-modules", "jdk.incubator.vector"), VectorLoopsCheck.class);
        assertThat(plain.exitCode()).as(plain.stderr()).isZero();
        assertThat(vector.exitCode()).as(vector.stderr()).isZero();
        assertThat(plain.lines().getFirst()).isEqualTo("LOOPS plain loops");
        assertThat(vector.lines().getFirst()).startsWith("LOOPS Vector API");
        assertThat(plain.lines().get(1)).isEqualTo("KERNEL plain 4 x 4 tiles");
        assertThat(vector.lines().get(1)).startsWith("KERNEL Vector API");
        List<String> expected = plain.lines();
        List<String> actual = vector.lines();
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(expected).anyMatch(line -> line.startsWith("MATMUL "));
        for (int i = 2; i < expected.size(); i++) {
            if (expected.get(i).startsWith("SUM ")) {
                String[] mine = actual.get(i).split(" ");
                String[] theirs = expected.get(i).split(" ");
                for (int part = 2; part < 4; part++) {
                    double value = Double.parseDouble(theirs[part]);
                    // Sums of up to 1e5 terms of magnitude 1e3, added in another order.
                    assertThat(Double.parseDouble(mine[part])).as(expected.get(i)).isCloseTo(value, within(1e-6));
                }
            } else {
                assertThat(actual.get(i)).isEqualTo(expected.get(i));
            }
        }
    }
}
