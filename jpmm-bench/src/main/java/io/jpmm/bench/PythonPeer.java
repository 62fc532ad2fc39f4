package io.jpmm.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs the NumPy side of a benchmark in the same run: a script from this module's resources, given
 * a JSON plan on stdin, answering in JSON on stdout. One thread, so that it competes fairly.
 */
final class PythonPeer {
    private PythonPeer() {
    }

    static JsonNode run(String script, JsonNode plan, String python) throws IOException, InterruptedException {
        Path copy = Files.createTempFile(script.replace(".py", ""), ".py");
        try {
            try (InputStream source = PythonPeer.class.getResourceAsStream("/" + script)) {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            var builder = new ProcessBuilder(python, copy.toString());
            builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1", "MKL_NUM_THREADS", "1"));
            builder.redirectError(ProcessBuilder.Redirect.INHERIT);
            Process process = builder.start();
            process.getOutputStream().write(plan.toString().getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException("the NumPy side (" + script + ") failed: " + python + " with NumPy 2 is needed,"
                        + " or name another with --python");
            }
            return new ObjectMapper().readTree(output);
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
