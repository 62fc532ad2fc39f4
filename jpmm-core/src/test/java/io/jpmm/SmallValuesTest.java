package io.jpmm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Scalars, strings and bytes are kept in the catalog: tens of thousands cost megabytes, not a page each. */
class SmallValuesTest {
    private static final int COUNT = Integer.getInteger("jpmm.smallValues", 20_000);

    @TempDir
    Path directory;

    @Test
    void manySmallValuesTakeLittleSpaceAndSurviveAReopen() throws Exception {
        try (Shelf shelf = Shelf.open("small", ShelfOptions.at(directory).sizeMb(1))) {
            for (int i = 0; i < COUNT; i++) {
                shelf.put("n" + i, (long) i);
            }
            shelf.put("text", "hello");
            shelf.put("blob", new byte[Shelf.INLINE_BYTES]);
            shelf.put("large", new byte[Shelf.INLINE_BYTES + 1]);
            assertThat(shelf.location("n7")).as("a scalar has no place of its own").isEmpty();
            assertThat(shelf.location("blob")).isEmpty();
            assertThat(shelf.location("large")).as("a value over the limit has").isPresent();
            shelf.erase("n3");
            shelf.rename("n4", "four");
        }
        // Tens of bytes per value, in the log's checkpoints, instead of a 4 KiB page each.
        assertThat(Files.size(directory.resolve("small.jpmm"))).isLessThan(COUNT * 4096L / 8);
        try (Shelf shelf = Shelf.open("small", ShelfOptions.at(directory))) {
            assertThat(shelf.names()).hasSize(COUNT + 3 - 1);
            assertThat(shelf.longValue("n" + (COUNT - 1))).isEqualTo(COUNT - 1);
            assertThat(shelf.longValue("four")).isEqualTo(4);
            assertThat(shelf.contains("n3")).isFalse();
            assertThat(shelf.names("n1999")).containsExactly("n1999", "n19990", "n19991", "n19992", "n19993",
                    "n19994", "n19995", "n19996", "n19997", "n19998", "n19999");
            assertThat(shelf.names("fo")).containsExactly("four");
            assertThat(shelf.names("o")).isEmpty();
            assertThat(shelf.names("")).isEqualTo(shelf.names());
            assertThat(shelf.string("text")).isEqualTo("hello");
            assertThat(shelf.bytes("large")).hasSize(Shelf.INLINE_BYTES + 1);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }
}
