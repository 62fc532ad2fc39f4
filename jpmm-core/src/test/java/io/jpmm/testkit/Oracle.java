package io.jpmm.testkit;

import io.jpmm.DType;
import io.jpmm.NdArray;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The reference tools (NumPy, ml_dtypes, torch, ...) as test oracles. Each oracle is a committed
 * Python generator, {@code src/test/python/NAME.py}, that writes its answers into a directory;
 * its output, made by the real tool, is committed under {@code src/test/resources/oracle/NAME}
 * (regenerate with {@code tools/regenerate-oracle-fixtures}). A test checks jpmm against both
 * sources: the committed answers always, so the suite passes on a machine with only a JDK, and
 * answers generated now wherever a Python with the tools is installed.
 *
 * <p>Where the live run happens: a {@code python3} (or {@code -Djpmm.python}, {@code $JPMM_PYTHON})
 * whose NumPy is 2 or newer and that imports the modules a test needs. With
 * {@code JPMM_LIVE_ORACLES=required} (as {@code .ci/run} sets it) a missing tool is a failure, not
 * a fixtures-only run.
 */
public final class Oracle {
    private static final Map<List<String>, Optional<String>> PYTHONS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where one run of a test takes the oracle's answers from. */
    public enum Source {
        /** The answers committed with the tests, made by the real tool. */
        FIXTURES,
        /** Answers made now, by the tool installed on this machine. */
        LIVE
    }

    private Oracle() {
    }

    /**
     * The sources to test against: the fixtures, and a live run when Python has NumPy 2 and
     * {@code modules}. Fails when live oracles are required and missing.
     */
    public static Stream<Source> sources(String... modules) {
        return live(modules) ? Stream.of(Source.FIXTURES, Source.LIVE) : Stream.of(Source.FIXTURES);
    }

    /**
     * Whether Python has NumPy 2 and {@code modules}, for a live check of what jpmm wrote. Fails when
     * live oracles are required and missing.
     */
    public static boolean live(String... modules) {
        boolean live = python(modules).isPresent();
        if (!live && liveRequired()) {
            throw new AssertionError("JPMM_LIVE_ORACLES=required, but no python3 with NumPy >= 2 and "
                    + Arrays.toString(modules) + " was found (tried " + candidates() + ")");
        }
        if (!live) {
            System.out.println("Oracle: no python3 with NumPy >= 2 and " + Arrays.toString(modules)
                    + "; checking against the committed fixtures only");
        }
        return live;
    }

    /**
     * The directory of the answers of generator {@code name}: the committed fixtures, or a fresh run
     * of {@code src/test/python/NAME.py} into {@code scratch}.
     */
    public static Path answers(Source source, String name, Path scratch, String... modules) {
        return switch (source) {
            case FIXTURES -> fixtures(name);
            case LIVE -> {
                Path out = scratch.resolve("oracle-" + name);
                try {
                    Files.createDirectories(out);
                } catch (IOException failure) {
                    throw new UncheckedIOException(failure);
                }
                Path generator = Path.of("src", "test", "python", name + ".py").toAbsolutePath();
                runFile(requirePython(modules), generator, out.toString());
                yield out;
            }
        };
    }

    /** The committed answers of generator {@code name}, from the test class path. */
    public static Path fixtures(String name) {
        URL url = Thread.currentThread().getContextClassLoader().getResource("oracle/" + name);
        if (url == null) {
            throw new AssertionError("no committed oracle answers oracle/" + name + " on the test class path;"
                    + " run tools/regenerate-oracle-fixtures");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * The array an oracle describes: {@code descr} (NumPy's descriptor) or {@code dtype} (NumPy's
     * name, {@code bfloat16} included), {@code shape} and {@code data} (base64 of the little-endian
     * C-order bytes), in DRAM.
     */
    public static NdArray array(JsonNode spec) {
        DType dtype = spec.has("dtype") ? DType.fromNumpyName(spec.get("dtype").asString()) : Stream.of(DType.values())
                .filter(type -> type.numpyDescr().orElse("").equals(spec.get("descr").asString()))
                .findFirst().orElseThrow(() -> new AssertionError("no dtype for " + spec.get("descr")));
        long[] shape = new long[spec.get("shape").size()];
        for (int axis = 0; axis < shape.length; axis++) {
            shape[axis] = spec.get("shape").get(axis).asLong();
        }
        NdArray array = NdArray.allocate(dtype, shape);
        array.segment().copyFrom(MemorySegment.ofArray(Base64.getDecoder().decode(spec.get("data").asString())));
        return array;
    }

    /** Reads a JSON answer file. */
    public static JsonNode json(Path file) {
        return JSON.readTree(file.toFile());
    }

    /** Runs an inline Python {@code script} on the live interpreter, which must have {@code modules}. */
    public static String run(List<String> modules, String script, String... args) {
        List<String> command = new ArrayList<>(List.of(requirePython(modules.toArray(String[]::new)), "-c", script));
        command.addAll(List.of(args));
        return execute(command);
    }

    /** The live interpreter with NumPy >= 2 and {@code modules}, if this machine has one. */
    public static Optional<String> python(String... modules) {
        return PYTHONS.computeIfAbsent(List.of(modules), key -> candidates().stream()
                .filter(python -> qualifies(python, modules)).findFirst());
    }

    private static String requirePython(String... modules) {
        return python(modules).orElseThrow(() -> new AssertionError("no python3 with NumPy >= 2 and "
                + Arrays.toString(modules) + " (tried " + candidates() + ")"));
    }

    private static boolean liveRequired() {
        return "required".equals(System.getenv("JPMM_LIVE_ORACLES"));
    }

    private static List<String> candidates() {
        var found = new LinkedHashSet<String>();
        Optional.ofNullable(System.getProperty("jpmm.python")).ifPresent(found::add);
        Optional.ofNullable(System.getenv("JPMM_PYTHON")).ifPresent(found::add);
        found.add("python3");
        found.add("/usr/bin/python3");
        return List.copyOf(found);
    }

    private static boolean qualifies(String python, String... modules) {
        StringBuilder check = new StringBuilder("import numpy\nassert int(numpy.__version__.split('.')[0]) >= 2\n");
        for (String module : modules) {
            check.append("import ").append(module).append('\n');
        }
        try {
            Process process = new ProcessBuilder(python, "-c", check.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void runFile(String python, Path script, String... args) {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        execute(command);
    }

    private static String execute(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            var stderr = CompletableFuture.supplyAsync(() -> ChildJvm.readAll(process.getErrorStream()));
            String stdout = ChildJvm.readAll(process.getInputStream());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("python did not finish in 5 minutes: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("python failed (exit " + process.exitValue() + "): " + command + "\n" + stderr.join());
            }
            return stdout;
        } catch (IOException failure) {
            throw new AssertionError("cannot run " + command + ": " + failure, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}
