package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a shelf (or open it, if it exists and --force-new is not given).")
final class CreateCommand implements Callable<Integer> {
    @Mixin
    ShelfSelection selection;

    @Option(names = "--size-mb", paramLabel = "MiB", defaultValue = "64", description = "size of a new shelf (default: ${DEFAULT-VALUE})")
    long sizeMb;

    @Option(names = "--force-new", description = "replace an existing shelf of that name with an empty one")
    boolean forceNew;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var options = selection.options().sizeMb(sizeMb);
        try (Shelf shelf = Shelf.open(selection.shelf, forceNew ? options.forceNew() : options)) {
            spec.commandLine().getOut().println("shelf '" + shelf.name() + "': " + Text.bytes(shelf.capacityBytes())
                    + ", " + shelf.names().size() + " variables, " + shelf.medium());
        }
        return 0;
    }
}
