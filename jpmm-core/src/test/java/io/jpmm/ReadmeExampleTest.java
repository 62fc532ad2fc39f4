package io.jpmm;

import io.jpmm.testkit.ReadmeExamples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage example in README.md compiles as written and does what its comments say. */
class ReadmeExampleTest {
    @TempDir
    Path directory;

    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        String snippet = ReadmeExamples.snippet("ReadmeExampleTest");
        assertThat(snippet.lines().count()).isLessThanOrEqualTo(20);
        ReadmeExamples.compile(snippet, directory);

        String previous = System.getProperty("jpmm.path");
        PrintStream console = System.out;
        var printed = new ByteArrayOutputStream();
        System.setProperty("jpmm.path", directory.resolve("shelves").toString());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (var loader = new URLClassLoader(new java.net.URL[] {directory.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("ReadmeExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(console);
            if (previous == null) {
                System.clearProperty("jpmm.path");
            } else {
                System.setProperty("jpmm.path", previous);
            }
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("shelved([[1., 2.],\n         [3., 4.]])")
                .contains("[epoch, label, x, y]");
        try (Shelf shelf = Shelf.open("myShelf", ShelfOptions.at(directory.resolve("shelves")).readOnly())) {
            assertThat(shelf.names()).containsExactly("epoch", "label", "x");
            assertThat(shelf.array("x").getLong(1, 1)).isEqualTo(9);
            assertThat(shelf.array("x").at(2).sum().getLong()).isEqualTo(3000);
            assertThat(shelf.longValue("epoch")).isEqualTo(-3);
        }
    }
}
