package io.jpmm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The usage example in README.md compiles as written and does what its comments say. */
class ReadmeExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "<!-- example: compiled and run by ReadmeExampleTest -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path directory;

    @Test
    void theReadmeExampleCompilesAndRuns() throws Exception {
        Matcher matcher = EXAMPLE.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(matcher.find()).as("README.md has the marked example").isTrue();
        String snippet = matcher.group(1);
        assertThat(snippet.lines().count()).isLessThanOrEqualTo(20);
        List<String> imports = snippet.lines().filter(line -> line.startsWith("import ")).toList();
        String body = snippet.lines().filter(line -> !line.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
        Path source = Files.writeString(directory.resolve("ReadmeExample.java"), String.join("\n", imports)
                + "\npublic class ReadmeExample {\n  public static void main(String[] args) throws Exception {\n"
                + body + "  }\n}\n");
        var javac = java.util.spi.ToolProvider.findFirst("javac").orElseThrow();
        int compiled = javac.run(System.out, System.err, "-d", directory.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(compiled).isZero();

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
