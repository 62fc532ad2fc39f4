package io.jpmm.cli;

import io.jpmm.IntegrityReport;
import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a shelf's integrity without changing it.",
                "Checks the superblocks, the commit log's checksums, that variables lie inside",
                "the file without overlapping, that space adds up, and data checksums where they",
                "were recorded. Prints the format version. Exit code 1 if anything is wrong."})
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            IntegrityReport report = shelf.check();
            (report.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(report);
            return report.ok() ? 0 : Jpmm.FAILURE;
        }
    }
}
