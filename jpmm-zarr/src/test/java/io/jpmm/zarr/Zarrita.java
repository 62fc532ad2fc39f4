package io.jpmm.zarr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * zarrita, the JavaScript Zarr implementation, as a test oracle: the versions pinned in
 * {@code src/test/node/package.json}, installed with npm into {@code target/zarrita-node} where node
 * and npm are present, and its scripts ({@code src/test/node/*.mjs}) run with node. With {@code JPMM_LIVE_ORACLES=required} (as
 * {@code .ci/run} sets it) a missing node or npm is a failure, not a fixtures-only run.
 */
final class Zarrita {
    private static Optional<Path> installed;

    private Zarrita() {
    }

    /** The directory zarrita is installed in, if node and npm are here. */
    static synchronized Optional<Path> install() {
        if (installed == null) {
            installed = tryInstall();
            if (installed.isEmpty()) {
                if ("required".equals(System.getenv("JPMM_LIVE_ORACLES"))) {
                    throw new AssertionError("JPMM_LIVE_ORACLES=required, but zarrita could not be installed (node and npm needed)");
                }
                System.out.println("Zarrita: no node and npm; checking against the committed fixtures only");
            }
        }
        return installed;
    }

    private static Optional<Path> tryInstall() {
        Path directory = Path.of("target", "zarrita-node").toAbsolutePath();
        try {
            if (!succeeds(directory.getParent(), "node", "--version")) {
                return Optional.empty();
            }
            Path pins = Path.of("src", "test", "node", "package.json");
            Files.createDirectories(directory);
            if (Files.isDirectory(directory.resolve("node_modules").resolve("zarrita"))
                    && Files.exists(directory.resolve("package.json"))
                    && Files.mismatch(pins, directory.resolve("package.json")) == -1) {
                return Optional.of(directory);
            }
            Files.copy(pins, directory.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            if (!succeeds(directory, "npm", "install", "--no-audit", "--no-fund")) {
                // Not installed: the next run tries again rather than trusting a half-made directory.
                Files.deleteIfExists(directory.resolve("package.json"));
                return Optional.empty();
            }
            return Optional.of(directory);
        } catch (IOException noNode) {
            return Optional.empty();
        }
    }

    /** Whether {@code command} runs in {@code directory} and exits 0 within five minutes. */
    private static boolean succeeds(Path directory, String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ok = process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
            if (!ok) {
                System.out.println("Zarrita: " + String.join(" ", command) + " failed: " + output);
            }
            return ok;
        } catch (IOException notInstalled) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code src/test/node/SCRIPT} with zarrita; returns what it printed. */
    static String run(String script, String... args) throws IOException, InterruptedException {
        return run(Path.of("src", "test", "node", script), args);
    }

    /** Runs the node module {@code script} with zarrita (beside which it is copied, so its imports resolve). */
    static String run(Path script, String... args) throws IOException, InterruptedException {
        Path directory = install().orElseThrow(() -> new AssertionError("zarrita is not installed"));
        Path copy = directory.resolve(script.getFileName().toString());
        try (InputStream source = Files.newInputStream(script)) {
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("node", copy.toString()));
        command.addAll(List.of(args));
        Process node = new ProcessBuilder(command).directory(directory.toFile()).start();
        var stderr = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                stderr.complete(new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException failure) {
                stderr.complete(failure.toString());
            }
        });
        String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!node.waitFor(2, TimeUnit.MINUTES) || node.exitValue() != 0) {
            throw new AssertionError("node " + script + " failed: " + stderr.join());
        }
        return stdout;
    }
}
