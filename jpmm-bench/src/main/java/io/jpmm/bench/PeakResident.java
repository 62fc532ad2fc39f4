package io.jpmm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set ({@code VmHWM}): JVM heap, native memory and mapped file pages
 * alike, which is what a machine runs out of.
 */
final class PeakResident {
    private PeakResident() {
    }

    /** Starts a new peak from the current resident set (Linux 4.0 and later). */
    static void reset() throws IOException {
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    }

    /** The peak in bytes since the last {@link #reset}. */
    static long bytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
