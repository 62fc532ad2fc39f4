package io.jpmm.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes this process has sent to storage so far: {@code write_bytes} of {@code /proc/self/io},
 * counted as pages are dirtied, so a write shows before its write-back.
 */
public final class StorageWrites {
    private StorageWrites() {
    }

    public static long bytesSent() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).strip());
            }
        }
        throw new IllegalStateException("no write_bytes in /proc/self/io");
    }
}
