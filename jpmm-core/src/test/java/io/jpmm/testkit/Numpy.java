package io.jpmm.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * NumPy as a test oracle, through Debian's {@code python3-numpy} ({@code /usr/bin/python3}, or the
 * interpreter named by {@code -Djpmm.python=...}). A test that needs it fails, loudly, when it is
 * missing: {@code .ci/run} installs it.
 */
public final class Numpy {

    private Numpy() {
    }

    public static String python() {
        return System.getProperty("jpmm.python", "/usr/bin/python3");
    }

    /** Runs {@code script} with {@code args}; returns its standard output, failing the test on any error. */
    public static String run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(python(), "-c", script));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> ChildJvm.readAll(process.getErrorStream()));
            String stdout = ChildJvm.readAll(process.getInputStream());
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("python did not finish in 2 minutes");
            }
            if (process.exitValue() != 0) {
                String error = stderr.join();
                throw new AssertionError(error.contains("No module named 'numpy'")
                        ? "NumPy is missing for " + python() + ": install python3-numpy (apt-get install python3-numpy)"
                        : "python failed (exit " + process.exitValue() + "):\n" + error);
            }
            return stdout;
        } catch (IOException failure) {
            throw new AssertionError("cannot run " + python() + " (install python3 and python3-numpy): " + failure, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
