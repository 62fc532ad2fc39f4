package io.jpmm;

import io.jpmm.testkit.ProcessMappings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Array references are slices of a few large mappings, not one kernel mapping each: Linux allows
 * 65,530 per process, and holding more references than that once killed the JVM. The test JVM has
 * native access, which slicing needs; without it each reference has a mapping of its own.
 */
class ManyReferencesTest {
    private static final int ARRAYS = Integer.getInteger("jpmm.manyReferences", 20_000);

    @TempDir
    Path directory;

    @Test
    void tensOfThousandsOfHeldArraysTakeAHandfulOfMappingsAndStillFailClearlyWhenStale() throws Exception {
        try (Shelf shelf = Shelf.open("refs", ShelfOptions.at(directory).sizeMb(16))) {
            shelf.transaction(tx -> {
                for (int i = 0; i < ARRAYS; i++) {
                    shelf.put("a" + i, NdArray.allocate(DType.INT32, 4).fill(i));
                }
            });
            List<NdArray> held = new ArrayList<>();
            for (int i = 0; i < ARRAYS; i++) {
                held.add(shelf.array("a" + i));
            }
            assertThat(ProcessMappings.of(directory.resolve("refs.jpmm"))).as("mappings of the shelf file").isLessThan(100);
            for (int i = 0; i < ARRAYS; i += 997) {
                assertThat(held.get(i).getLong(3)).isEqualTo((long) i);
            }
            held.get(5).set(-5, 0);
            held.get(5).persist();
            shelf.erase("a7");
            shelf.put("a8", NdArray.allocate(DType.INT32, 4).fill(-8));
            assertThatThrownBy(() -> held.get(7).getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("erased");
            assertThatThrownBy(() -> held.get(8).getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("replaced");
            assertThatThrownBy(() -> held.get(8).persist()).isInstanceOf(IllegalStateException.class);
            assertThat(shelf.array("a8").getLong(0)).isEqualTo(-8L);
        }
        try (Shelf shelf = Shelf.open("refs", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.array("a5").toIntArray()).containsExactly(-5, 5, 5, 5);
            assertThat(shelf.check().ok()).isTrue();
        }
    }
}
