package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "erase", mixinStandardHelpOptions = true, description = "Erase variables, each atomically.")
final class EraseCommand implements Callable<Integer> {
    @Mixin
    ShelfSelection selection;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "the variables to erase")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = selection.openExisting()) {
            for (String name : names) {
                shelf.erase(name);
                spec.commandLine().getOut().println("erased " + name);
            }
        }
        return 0;
    }
}
