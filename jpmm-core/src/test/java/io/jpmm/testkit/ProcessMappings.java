package io.jpmm.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel mappings this process has of a file, from {@code /proc/self/maps} (Linux). */
public final class ProcessMappings {
    private ProcessMappings() {
    }

    public static long of(Path file) throws IOException {
        String path = file.toRealPath().toString();
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.endsWith(path)).count();
        }
    }
}
