package io.jpmm;

import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pinned array's memory stays mapped, and its space unused, while native code may hold its address. */
class PinTest {
    @TempDir
    Path directory;

    @Test
    void aPinnedArraysMemoryOutlivesAReplaceUntilThePinCloses() {
        try (Shelf shelf = Shelf.open("pins", ShelfOptions.at(directory).sizeMb(2))) {
            NdArray x = shelf.ndarray("x", DType.INT64, 512).fill(7L);
            LongBuffer nativeView;
            try (NdArray.Pin pin = x.pin()) {
                nativeView = x.segment().asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
                shelf.put("x", NdArray.allocate(DType.INT64, 512).fill(9L));
                for (int i = 0; i < 20; i++) {
                    shelf.put("filler" + i, NdArray.allocate(DType.INT64, 512).fill(-1L));
                    shelf.erase("filler" + i);
                }
                assertThat(nativeView.get(0)).as("the old bytes, still mapped and not reused").isEqualTo(7L);
                assertThat(nativeView.get(511)).isEqualTo(7L);
                assertThatThrownBy(() -> x.getLong(0)).as("Java access through the stale reference")
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("replaced");
                pin.close();
            }
            shelf.put("after", 1L);
            assertThatThrownBy(() -> nativeView.get(0)).as("released once unpinned").isInstanceOf(IllegalStateException.class);
            assertThat(shelf.array("x").toLongArray()).containsOnly(9L);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void aStaleArrayCannotBePinnedAndDramPinsDoNothing() {
        try (Shelf shelf = Shelf.open("pins", ShelfOptions.at(directory).sizeMb(2))) {
            NdArray x = shelf.ndarray("x", DType.FLOAT32, 4);
            shelf.erase("x");
            assertThatThrownBy(x::pin).isInstanceOf(IllegalStateException.class).hasMessageContaining("erased");
        }
        try (NdArray.Pin pin = NdArray.of(1.0, 2.0).pin()) {
            assertThat(pin).isNotNull();
        }
    }
}
