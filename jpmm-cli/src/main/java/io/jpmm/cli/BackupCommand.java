package io.jpmm.cli;

import io.jpmm.Shelf;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Write a consistent copy of a shelf to a new shelf file.",
                "Works even while an application has the shelf open for writing. The copy is",
                "the shelf as committed when the backup began; it is built under a temporary",
                "name and renamed into place when complete. Open it as the shelf FILE names",
                "(NAME.jpmm in a directory)."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the new shelf file, ending in .jpmm")
    Path target;

    @Option(names = "--force", description = "replace FILE if it exists")
    boolean force;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            long bytes = shelf.backup(target, force);
            spec.commandLine().getOut().println("shelf '" + shelf.name() + "': " + shelf.names().size() + " variables ("
                    + Text.bytes(bytes) + ") copied to " + target.toAbsolutePath());
        }
        return 0;
    }
}
