package io.jpmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With native access (as the tests run), arrays a program allocates from 4 MiB are kernel mappings
 * of their own, advised for huge pages as NumPy advises its arrays; results of operations below
 * 32 MiB come from the C allocator, which reuses freed memory without page faults.
 */
class DramPagesTest {

    @Test
    void anArrayOf4MiBThatAProgramAllocatesIsAMappingOfItsOwnAdvisedForHugePages() throws IOException {
        NdArray kept = NdArray.allocate(DType.FLOAT64, 1 << 19);
        Mapping mapping = mappingOf(kept.segment().address());
        assertThat(mapping.start()).isEqualTo(kept.segment().address());
        // A kernel built without transparent huge pages refuses the advice; the mapping is still its own.
        boolean kernelHasHugePages = Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage"));
        assertThat(mapping.advisedForHugePages()).as(mapping.toString()).isEqualTo(kernelHasHugePages);
        kept.set(1.5, (1 << 19) - 1);
        assertThat(kept.sum().getDouble()).isEqualTo(1.5);
    }

    @Test
    void smallerArraysAndResultsOfOperationsAreNotMappedOnTheirOwn() throws IOException {
        NdArray small = NdArray.allocate(DType.FLOAT64, (1 << 19) - 1);
        NdArray operand = NdArray.allocate(DType.FLOAT64, 1 << 19);
        NdArray result = operand.add(1);
        for (NdArray array : List.of(small, result)) {
            Mapping mapping = mappingOf(array.segment().address());
            assertThat(mapping.advisedForHugePages()).as(mapping.toString()).isFalse();
        }
        assertThat(result.getDouble(0)).isEqualTo(1.0);
    }

    private record Mapping(long start, long end, String flags) {
        boolean advisedForHugePages() {
            return List.of(flags.split(" ")).contains("hg");
        }
    }

    /** The mapping of /proc/self/smaps that holds {@code address}, with its VmFlags. */
    private static Mapping mappingOf(long address) throws IOException {
        long start = 0;
        long end = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                start = Long.parseUnsignedLong(range[0], 16);
                end = Long.parseUnsignedLong(range[1], 16);
            } else if (line.startsWith("VmFlags:") && address >= start && address < end) {
                return new Mapping(start, end, line.substring("VmFlags:".length()).strip());
            }
        }
        throw new AssertionError("no mapping holds address " + Long.toHexString(address));
    }
}
