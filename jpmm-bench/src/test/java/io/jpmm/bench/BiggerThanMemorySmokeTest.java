package io.jpmm.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bigger-than-memory scenario at CI size: every step runs and the scaled sum checks out (the
 * scenario throws otherwise). Its speed and memory are measured by {@code jpmm-bench big}, not here.
 */
class BiggerThanMemorySmokeTest {
    @TempDir
    Path directory;

    @Test
    void importSumScaleAndExportRunEndToEndAndCleanUp() throws Exception {
        PrintStream original = System.out;
        var printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            BiggerThanMemory.main(new String[] {"--dir", directory.toString(), "--mb", "24", "--cold", "false"});
        } finally {
            System.setOut(original);
        }
        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("| import into a new shelf |", "| sum |", "| scale in place (x *= 2) and persist |",
                "| export into a checksum (writeTo) |");
        try (var left = Files.list(directory.resolve("bigger-than-memory"))) {
            assertThat(left).as("the scenario deletes what it made").isEmpty();
        }
    }
}
