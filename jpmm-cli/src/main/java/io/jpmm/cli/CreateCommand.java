package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a shelf.",
                "An existing shelf is opened as it is, unless --force-new replaces it with an",
                "empty one."})
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Option(names = "--size-mb", paramLabel = "MiB", defaultValue = "64", description = "size of a new shelf (default: ${DEFAULT-VALUE})")
    long sizeMb;

    @Option(names = "--force-new", description = "replace an existing shelf of that name with an empty one")
    boolean forceNew;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var selected = jpmm.select(spec);
        var options = jpmm.selection.options().sizeMb(Jpmm.positiveSize(spec, "--size-mb", sizeMb));
        try (Shelf shelf = Shelf.open(selected.name(), forceNew ? options.forceNew() : options)) {
            spec.commandLine().getOut().println("shelf '" + shelf.name() + "': " + Text.bytes(shelf.capacityBytes())
                    + ", " + shelf.names().size() + " variables, " + shelf.medium());
        }
        return 0;
    }
}
