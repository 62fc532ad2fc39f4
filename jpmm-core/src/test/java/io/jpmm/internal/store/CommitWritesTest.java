package io.jpmm.internal.store;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.StorageWrites;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small commit sends about one page to storage. The log of a new shelf was pre-written with large
 * writes, which left its pages in the page cache as large folios (ext4 since Linux 6.16): each
 * 8-byte commit then dirtied and wrote a whole folio, 338 KiB on average, and ran at two thirds of
 * the speed of a commit into a log that had moved. Measured by the bytes this process sent to
 * storage ({@code write_bytes} of {@code /proc/self/io}, counted as pages are dirtied).
 */
class CommitWritesTest {
    private static final int COMMITS = 300;

    @TempDir
    Path directory;

    @Test
    void aSmallCommitIntoANewShelfWritesAboutOnePage() throws IOException {
        try (Shelf shelf = Shelf.open("small", ShelfOptions.at(directory))) {
            shelf.put("warm", 0L);
            long before = StorageWrites.bytesSent();
            for (int i = 0; i < COMMITS; i++) {
                shelf.put("k" + i % 10, (long) i);
            }
            long perCommit = (StorageWrites.bytesSent() - before) / COMMITS;
            assertThat(perCommit).as("bytes sent to storage per 8-byte commit").isLessThan(32 << 10);
        }
    }
}
