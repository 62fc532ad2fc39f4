package io.jpmm;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pass over a large shelved array (a sum, an in-place scale, an export) lets go of the pages it
 * has passed, so an array larger than memory does not fill the process's resident set; and letting
 * go loses nothing: in-place writes reach the file, and results are bit for bit those of DRAM.
 * Measured with the peak resident set (VmHWM, reset before each pass); the test JVM has native
 * access, which releasing needs. By default compute passes release only mappings larger than a
 * quarter of memory; these tests lower that to 256 MiB so that their arrays count as large.
 */
class ResidencyTest {
    private static final long ELEMENTS = Long.getLong("jpmm.residencyElements", 128L << 20); // 512 MiB of float32
    private static final long ALLOWED = 300L << 20;
    private static final String THRESHOLD = "jpmm.releasePassesAbove";

    @TempDir
    Path directory;

    @BeforeEach
    void arraysOf256MiBAndMoreAreLarge() {
        System.setProperty(THRESHOLD, Long.toString(256L << 20));
    }

    @AfterEach
    void defaultThreshold() {
        System.clearProperty(THRESHOLD);
    }

    @Test
    void passesOverALargeShelvedArrayKeepLittleResidentAndLoseNothing() throws Exception {
        ShelfOptions options = ShelfOptions.at(directory);
        try (Shelf shelf = Shelf.open("big", options)) {
            NdArray x = shelf.ndarray("x", DType.FLOAT32, ELEMENTS);
            x.fill(1.25);
            x.set(3.0, ELEMENTS - 1);
            x.persist();
        }
        double sum;
        try (Shelf shelf = Shelf.open("big", options)) {
            NdArray x = shelf.array("x");
            long growth = peakGrowth(() -> {
                double[] result = {x.sum().getDouble()};
                return result[0];
            });
            assertThat(growth).as("resident growth of a sum over %d MiB", x.byteSize() >> 20).isLessThan(ALLOWED);
            sum = x.sum().getDouble();
            assertThat(peakGrowth(() -> x.max().getDouble())).as("resident growth of a max").isLessThan(ALLOWED);
            assertThat(x.max().getDouble()).isEqualTo(3.0);
            assertThat(peakGrowth(() -> {
                x.multiplyInPlace(2);
                return 0;
            })).as("resident growth of an in-place scale").isLessThan(ALLOWED);
            x.persist();
            assertThat(peakGrowth(() -> {
                x.writeTo(new Discard());
                return 0;
            })).as("resident growth of an export").isLessThan(ALLOWED);
        }
        try (Shelf shelf = Shelf.open("big", options)) {
            NdArray x = shelf.array("x");
            assertThat(x.getDouble(0)).isEqualTo(2.5);
            assertThat(x.getDouble(ELEMENTS / 2)).isEqualTo(2.5);
            assertThat(x.getDouble(ELEMENTS - 1)).as("written in place, released, then persisted").isEqualTo(6.0);
            double doubled = x.sum().getDouble();
            NdArray inDram = x.copy();
            assertThat(doubled).as("the same bits as the sum in DRAM").isEqualTo(inDram.sum().getDouble());
            assertThat(doubled).isEqualTo(2 * sum);
        }
    }

    @Test
    void float64PassesUseTheirFastLoopsAndStillLetGo() throws Exception {
        ShelfOptions options = ShelfOptions.at(directory);
        long elements = ELEMENTS / 2;
        try (Shelf shelf = Shelf.open("big64", options)) {
            NdArray x = shelf.ndarray("x", DType.FLOAT64, elements);
            x.fill(0.5);
            x.persist();
        }
        try (Shelf shelf = Shelf.open("big64", options)) {
            NdArray x = shelf.array("x");
            assertThat(peakGrowth(() -> x.sum().getDouble())).as("resident growth of a float64 sum").isLessThan(ALLOWED);
            assertThat(peakGrowth(() -> {
                x.multiplyInPlace(3.0);
                return 0;
            })).as("resident growth of a float64 in-place scale").isLessThan(ALLOWED);
            x.persist();
        }
        try (Shelf shelf = Shelf.open("big64", options)) {
            NdArray x = shelf.array("x");
            assertThat(x.getDouble(elements - 1)).isEqualTo(1.5);
            assertThat(x.sum().getDouble()).isEqualTo(x.copy().sum().getDouble()).isEqualTo(1.5 * elements);
        }
    }

    @Test
    void anArrayBelowTheThresholdKeepsItsPagesBetweenPasses() throws Exception {
        // Releasing an 800 MB array behind every in-place add made the next pass fault it back in:
        // shelved in-place adds ran at half the speed of DRAM ones.
        long elements = ELEMENTS / 2;
        try (Shelf shelf = Shelf.open("kept", ShelfOptions.at(directory))) {
            NdArray x = shelf.ndarray("x", DType.FLOAT64, elements);
            x.fill(0.5);
            System.setProperty(THRESHOLD, Long.toString(1L << 40));
            long kept = faultsOfASecondPass(x);
            System.setProperty(THRESHOLD, Long.toString(256L << 20));
            long released = faultsOfASecondPass(x);
            assertThat(released).as("page faults of a second pass that releases %d MiB", x.byteSize() >> 20)
                    .isGreaterThan(x.byteSize() / (1 << 20));
            assertThat(kept).as("page faults of a second pass that keeps them").isLessThan(released / 4);
            assertThat(x.sum().getDouble()).as("every pass undone by the next").isEqualTo(0.5 * elements);
        }
    }

    /** The minor page faults of the second of two in-place adds and sums over {@code x}. */
    private static long faultsOfASecondPass(NdArray x) throws Exception {
        x.multiplyInPlace(2.0);
        x.sum();
        long faults = minorFaults();
        x.multiplyInPlace(0.5);
        x.sum();
        return minorFaults() - faults;
    }

    @Test
    void dramArraysAreNeverGivenBackTheirContentsStay() {
        // MADV_DONTNEED on anonymous memory would zero it: only shelf mappings may be released.
        NdArray dram = NdArray.allocate(DType.FLOAT32, ELEMENTS).fill(1.25);
        dram.multiplyInPlace(2);
        assertThat(dram.sum().getDouble()).isEqualTo(2.5 * ELEMENTS);
        assertThat(dram.min().getDouble()).isEqualTo(2.5);
    }

    /** How much the peak resident set grows while {@code pass} runs. */
    private static long peakGrowth(Pass pass) throws Exception {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        long before = status("VmRSS:");
        pass.run();
        return status("VmHWM:") - before;
    }

    private static long minorFaults() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }

    private static long status(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no " + field);
    }

    @FunctionalInterface
    private interface Pass {
        double run() throws Exception;
    }

    private static final class Discard implements WritableByteChannel {
        @Override
        public int write(ByteBuffer source) {
            int count = source.remaining();
            source.position(source.limit());
            return count;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
