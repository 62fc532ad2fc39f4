package io.jpmm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a child JVM on the same JDK and class path as the test, with native access enabled as jpmm
 * users are told to. Every test that needs a second process (reopen elsewhere, SIGKILL, locking)
 * goes through here.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** What a finished child printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> lines() {
            return stdout.lines().toList();
        }
    }

    /** The java launcher of the JDK running this test (>= 25, chosen by the Maven toolchain). */
    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Starts {@code main} with {@code args}; stdout is a pipe, stderr goes to the test's stderr. */
    public static Process start(Class<?> main, String... args) {
        List<String> command = command(List.of(), main, args);
        try {
            return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, failure);
        }
    }

    /** Runs {@code main} to completion, failing if it takes longer than {@code timeout}. */
    public static Result run(Duration timeout, Class<?> main, String... args) {
        return run(timeout, command(List.of(), main, args));
    }

    /** Like {@link #run(Duration, Class, String...)}, with extra JVM options such as {@code -Dname=value}. */
    public static Result run(Duration timeout, List<String> jvmOptions, Class<?> main, String... args) {
        return run(timeout, command(jvmOptions, main, args));
    }

    /** Like {@link #run(Duration, List, Class, String...)}, feeding {@code stdin} to the child. */
    public static Result run(Duration timeout, List<String> jvmOptions, String stdin, Class<?> main, String... args) {
        return run(timeout, command(jvmOptions, main, args), stdin);
    }

    /** Like {@link #run(Duration, Class, String...)}, without {@code --enable-native-access}. */
    public static Result runWithoutNativeAccess(Duration timeout, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(command(List.of(), main, args));
        command.remove("--enable-native-access=ALL-UNNAMED");
        return run(timeout, command);
    }

    /** Runs {@code command}, a child JVM wrapped in another program, to completion. */
    static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, "");
    }

    private static Result run(Duration timeout, List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).start();
            try (var in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            var stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            var stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("child " + command.getLast() + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a child JVM", interrupted);
        }
    }

    /** The command line that starts {@code main} as a child JVM. */
    static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable().toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** All a child process wrote to {@code stream}, as UTF-8. */
    static String readAll(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
