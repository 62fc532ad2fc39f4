package io.jpmm.internal.store;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorTest {
    private static final long MIB = 1 << 20;

    @Test
    void smallExtentsAlignToCacheLinesAndLargeOnesTo2MiB() {
        var allocator = new Allocator(List.of(new Extent(8192, 16 * MIB)), 64);
        Extent small = allocator.allocate(100).orElseThrow();
        Extent next = allocator.allocate(10).orElseThrow();
        Extent large = allocator.allocate(3 * MIB).orElseThrow();
        assertThat(small).isEqualTo(new Extent(8192, 100));
        assertThat(next.offset()).isEqualTo(8192 + 128);
        assertThat(large.offset() % (2 * MIB)).isZero();
        // Extents take whole units: 100 bytes take 128, 10 take 64; every free byte can hold data.
        assertThat(allocator.freeBytes()).isEqualTo(16 * MIB - 128 - 64 - 3 * MIB);
    }

    @Test
    void onPagedMediaSmallExtentsStartOnPagesSoNoTwoVariablesShareOne() {
        var allocator = new Allocator(List.of(new Extent(8192, MIB)), 4096);
        assertThat(allocator.allocate(8).orElseThrow().offset()).isEqualTo(8192);
        assertThat(allocator.allocate(8).orElseThrow().offset()).isEqualTo(8192 + 4096);
    }

    @Test
    void freedNeighboursMergeSoLargeExtentsFitAgain() {
        var allocator = new Allocator(List.of(new Extent(0, 4 * MIB)), 64);
        Extent a = allocator.allocate(MIB).orElseThrow();
        Extent b = allocator.allocate(MIB).orElseThrow();
        Extent c = allocator.allocate(2 * MIB).orElseThrow();
        assertThat(allocator.allocate(1)).isEmpty();
        allocator.release(b);
        allocator.release(a);
        allocator.release(c);
        assertThat(allocator.largestFree()).isEqualTo(4 * MIB);
        assertThat(allocator.allocate(4 * MIB)).contains(new Extent(0, 4 * MIB));
    }

    @Test
    void extentsNeverSpanTwoRegions() {
        var allocator = new Allocator(List.of(new Extent(0, MIB), new Extent(MIB, MIB)), 64);
        assertThat(allocator.capacity()).isEqualTo(2 * MIB);
        assertThat(allocator.allocate(MIB + 64)).isEmpty();
        assertThat(allocator.largestFree()).isEqualTo(MIB);
    }

    @Test
    void reserveRefusesOverlapAndRangesOutsideTheRegions() {
        var allocator = new Allocator(List.of(new Extent(4096, MIB)), 64);
        assertThat(allocator.reserve(new Extent(8192, 100))).isTrue();
        assertThat(allocator.reserve(new Extent(8192 + 50, 100))).isFalse();
        assertThat(allocator.reserve(new Extent(0, 10))).isFalse();
        assertThat(allocator.reserve(new Extent(MIB, 8192))).isFalse();
        assertThat(allocator.reserve(Extent.EMPTY)).isTrue();
    }

    @Test
    void paddingIsNotFreeSpaceSoFreeBytesSayWhatFits() {
        // 8-byte scalars on a paged medium each take a page: a full shelf says 0 free, not 99 %.
        var allocator = new Allocator(List.of(new Extent(8192, 64 * 4096)), 4096);
        int scalars = 0;
        while (allocator.allocate(8).isPresent()) {
            scalars++;
        }
        assertThat(scalars).isEqualTo(64);
        assertThat(allocator.freeBytes()).isZero();
        assertThat(allocator.largestFree()).isZero();
    }

    @Test
    void largeExtentsFallBackToUnitAlignmentSoANamedFreePieceAlwaysFits() {
        // A 2,293,760-byte free piece that holds no 2 MiB-aligned 2,100,000-byte extent still takes it.
        var allocator = new Allocator(List.of(new Extent(2 * MIB + 4096, 2_293_760)), 4096);
        assertThat(allocator.largestFree()).isEqualTo(2_293_760);
        assertThat(allocator.allocate(2_100_000)).contains(new Extent(2 * MIB + 4096, 2_100_000));
    }

    @Test
    void bestFitKeepsLargePiecesForLargeExtents() {
        var allocator = new Allocator(List.of(new Extent(0, 8 * MIB)), 4096);
        Extent a = allocator.allocate(4096).orElseThrow();
        allocator.allocate(4096).orElseThrow();
        allocator.release(a);
        // The one-page hole fits a page exactly; the rest stays one large piece.
        assertThat(allocator.allocate(4096)).contains(new Extent(0, 4096));
        assertThat(allocator.largestFree()).isEqualTo(8 * MIB - 8192);
    }

    @Test
    void releasingFreeSpaceTwiceIsABugCaughtAtOnce() {
        var allocator = new Allocator(List.of(new Extent(0, MIB)), 64);
        Extent extent = allocator.allocate(4096).orElseThrow();
        allocator.release(extent);
        assertThatThrownBy(() -> allocator.release(extent)).isInstanceOf(IllegalStateException.class);
    }
}
