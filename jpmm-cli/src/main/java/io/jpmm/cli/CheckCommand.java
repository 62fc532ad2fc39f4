package io.jpmm.cli;

import io.jpmm.IntegrityReport;
import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a shelf's integrity without changing it: superblocks, commit log checksums,",
                "that variables lie inside the file without overlapping, that space adds up, and data checksums",
                "where they were recorded. Exit code 1 if anything is wrong."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ShelfSelection selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = selection.openReadOnly()) {
            IntegrityReport report = shelf.check();
            (report.ok() ? spec.commandLine().getOut() : spec.commandLine().getErr()).println(report);
            return report.ok() ? 0 : Jpmm.FAILURE;
        }
    }
}
