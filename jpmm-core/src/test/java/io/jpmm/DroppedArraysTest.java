package io.jpmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native memory of DRAM arrays a program drops is given back as it goes, although each array
 * costs the Java heap only a few dozen bytes and so never prompts a collection by itself. Before,
 * a loop of {@code c = a.add(b)} over 40 MB arrays grew the process by the whole of every result.
 */
class DroppedArraysTest {
    private static final long MIB = 1 << 20;
    /** Far more than the resident growth the assertions allow, and than this JVM's heap. */
    private static final long DROPPED = 2560 * MIB;

    @Test
    void resultsOfTensOfMegabytesThatAreDroppedDoNotPileUp() throws IOException {
        assertDroppedResultsStayBounded(5_000_000);
    }

    @Test
    void resultsOfAMegabyteThatAreDroppedDoNotPileUp() throws IOException {
        assertDroppedResultsStayBounded(131_072);
    }

    @Test
    void arraysAProgramAllocatesAndDropsDoNotPileUp() throws IOException {
        long before = residentBytes();
        long peak = before;
        for (long allocated = 0; allocated < DROPPED; allocated += 8 * MIB) {
            NdArray dropped = NdArray.allocate(DType.FLOAT64, MIB);
            dropped.set(1.0, MIB - 1);
            peak = Math.max(peak, residentBytes());
        }
        assertThat(peak - before).as("resident growth while dropping %d MiB of arrays", DROPPED / MIB)
                .isLessThan(640 * MIB);
    }

    private static void assertDroppedResultsStayBounded(int elements) throws IOException {
        NdArray a = NdArray.allocate(DType.FLOAT64, elements).fill(1.5);
        NdArray b = NdArray.allocate(DType.FLOAT64, elements).fill(2.0);
        long before = residentBytes();
        long peak = before;
        for (long dropped = 0; dropped < DROPPED; dropped += 8L * elements) {
            NdArray sum = a.add(b);
            assertThat(sum.getDouble(elements - 1)).isEqualTo(3.5);
            peak = Math.max(peak, residentBytes());
        }
        assertThat(peak - before).as("resident growth while dropping %d MiB of %d-element results", DROPPED / MIB, elements)
                .isLessThan(640 * MIB);
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
