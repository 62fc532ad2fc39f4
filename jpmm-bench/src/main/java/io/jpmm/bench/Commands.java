package io.jpmm.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shell commands the benchmarks time or prepare with: {@code cp}, {@code sync}, dropping the page cache. */
final class Commands {
    private Commands() {
    }

    /** Runs {@code command} with the benchmark's terminal; fails if it fails. */
    static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    /** Writes dirty pages back and drops the page cache, so the next step reads from the disk; false where not allowed (not root). */
    static boolean dropCaches() {
        try {
            run("sync");
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
            return true;
        } catch (Exception notAllowed) {
            return false;
        }
    }
}
