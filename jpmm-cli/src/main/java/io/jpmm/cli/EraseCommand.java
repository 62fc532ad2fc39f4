package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Erase variables, each atomically.",
                "Every name is checked first: if one is missing, nothing is erased."})
final class EraseCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "the variables to erase")
    List<String> names;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openExisting()) {
            List<String> missing = names.stream().filter(name -> !shelf.contains(name)).distinct().toList();
            if (!missing.isEmpty()) {
                spec.commandLine().getErr().println("jpmm: shelf '" + shelf.name() + "' has no variable "
                        + String.join(", ", missing.stream().map(name -> "\"" + name + "\"").toList()) + "; nothing was erased");
                return Jpmm.FAILURE;
            }
            for (String name : names.stream().distinct().toList()) {
                shelf.erase(name);
                spec.commandLine().getOut().println("erased " + name);
            }
        }
        return 0;
    }
}
