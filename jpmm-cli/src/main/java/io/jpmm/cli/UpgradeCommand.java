package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrade a shelf file of an older format version.",
                "Rewrites its metadata in the current format, crash-safely. Any open for writing",
                "does this too; readers read older versions as they are."})
final class UpgradeCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var selected = jpmm.select(spec);
        int before;
        try (Shelf shelf = selected.openReadOnly()) {
            before = shelf.formatVersion();
        }
        try (Shelf shelf = selected.openExisting()) {
            spec.commandLine().getOut().println(before == shelf.formatVersion()
                    ? "shelf '" + shelf.name() + "' is already at format version " + before
                    : "shelf '" + shelf.name() + "' upgraded from format version " + before + " to " + shelf.formatVersion());
        }
        return 0;
    }
}
