package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "compact", mixinStandardHelpOptions = true,
        description = {"Give free space at the end of a shelf back to the file system.",
                "A shelf grows when it needs room; after large variables are erased, compact cuts",
                "the unused end of its file, crash-safely."})
final class CompactCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openExisting()) {
            long given = shelf.compact();
            spec.commandLine().getOut().println("shelf '" + shelf.name() + "': " + Text.bytes(given) + " given back, "
                    + Text.bytes(shelf.capacityBytes()) + " remain");
        }
        return 0;
    }
}
