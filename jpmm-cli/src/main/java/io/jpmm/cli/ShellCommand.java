package io.jpmm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Start JShell with the shelf open as 'shelf'.",
                "jpmm is on the class path and io.jpmm.* imported: the Java counterpart of",
                "PyMM's Python prompt. Leave with /exit."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Option(names = "--size-mb", paramLabel = "MiB", defaultValue = "64", description = "size of the shelf if it is created (default: ${DEFAULT-VALUE})")
    long sizeMb;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path startup = Files.createTempFile("jpmm-shell", ".jsh");
        try {
            Files.writeString(startup, startupScript());
            int exit = JavaShellToolBuilder.builder().start(
                    "--class-path", System.getProperty("java.class.path"),
                    "-R--enable-native-access=ALL-UNNAMED",
                    "--startup", "DEFAULT", "--startup", startup.toString(),
                    "--feedback", "normal");
            return exit == 0 ? 0 : Jpmm.FAILURE;
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    private String startupScript() throws IOException {
        String shelf = jpmm.select(spec).name();
        String directory = jpmm.selection.directory().toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"");
        return String.join("\n", List.of(
                "import io.jpmm.*;",
                "import io.jpmm.numpy.*;",
                "import java.nio.file.*;",
                "var shelf = Shelf.open(\"" + shelf + "\", ShelfOptions.at(Path.of(\"" + directory + "\")).sizeMb("
                        + Jpmm.positiveSize(spec, "--size-mb", sizeMb) + "));",
                "System.out.println(\"jpmm shell: \" + shelf + \", variables \" + shelf.names());",
                "System.out.println(\"Try shelf.ndarray(\\\"x\\\", DType.FLOAT64, 3, 3), shelf.array(\\\"x\\\"), shelf.names(). /exit leaves.\");",
                ""));
    }

}
