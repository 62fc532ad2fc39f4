package io.jpmm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java examples of README.md, each marked {@code <!-- example: compiled and run by TEST -->},
 * compiled as written into a class {@code ReadmeExample} whose {@code main} is the snippet (its
 * {@code import} lines go on top). Tests run it and check what it says it does.
 */
public final class ReadmeExamples {
    private ReadmeExamples() {
    }

    /** The Java snippet marked for {@code test}, from the README beside the module running the test. */
    public static String snippet(String test) {
        return snippet("compiled and run by " + test, "java");
    }

    /** The {@code language} snippet marked {@code <!-- example: MARK -->}. */
    public static String snippet(String mark, String language) {
        Pattern marked = Pattern.compile("<!-- example: " + Pattern.quote(mark)
                + " -->\\s*```" + Pattern.quote(language) + "\\n(.*?)```", Pattern.DOTALL);
        try {
            Matcher matcher = marked.matcher(Files.readString(Path.of("..", "README.md")));
            if (!matcher.find()) {
                throw new AssertionError("README.md has no " + language + " example marked \"" + mark + "\"");
            }
            return matcher.group(1);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** Compiles {@code snippet} as class {@code ReadmeExample} into {@code directory}, on the test's class path. */
    public static void compile(String snippet, Path directory) {
        List<String> imports = snippet.lines().filter(line -> line.startsWith("import ")).toList();
        String body = snippet.lines().filter(line -> !line.startsWith("import ")).reduce("", (a, b) -> a + b + "\n");
        try {
            Path source = Files.writeString(directory.resolve("ReadmeExample.java"), String.join("\n", imports)
                    + "\npublic class ReadmeExample {\n  public static void main(String[] args) throws Exception {\n"
                    + body + "  }\n}\n");
            var javac = java.util.spi.ToolProvider.findFirst("javac").orElseThrow();
            int compiled = javac.run(System.out, System.err, "-d", directory.toString(),
                    "-cp", System.getProperty("java.class.path"), source.toString());
            if (compiled != 0) {
                throw new AssertionError("the README example does not compile (javac exit " + compiled + ")");
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
