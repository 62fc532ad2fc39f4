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

    @Option(names = "--size-mb", paramLabel = "MiB", defaultValue = "64",
            description = "initial size of a new shelf; it grows when it needs room (default: ${DEFAULT-VALUE})")
    long sizeMb;

    @Option(names = "--max-size-mb", paramLabel = "MiB",
            description = "the largest the shelf may grow to (default: as far as its file system allows)")
    Long maxSizeMb;

    @Option(names = "--force-new", description = "replace an existing shelf of that name with an empty one")
    boolean forceNew;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var selected = jpmm.select(spec);
        var options = jpmm.selection.options().sizeMb(Jpmm.positiveSize(spec, "--size-mb", sizeMb));
        if (maxSizeMb != null) {
            options = options.maxSizeMb(Jpmm.positiveSize(spec, "--max-size-mb", maxSizeMb));
        }
        try (Shelf shelf = Shelf.open(selected.name(), forceNew ? options.forceNew() : options)) {
            spec.commandLine().getOut().println("shelf '" + shelf.name() + "': " + Text.bytes(shelf.capacityBytes())
                    + ", " + shelf.names().size() + " variables, " + shelf.medium());
        }
        return 0;
    }
}
