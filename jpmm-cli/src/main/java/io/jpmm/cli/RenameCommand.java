package io.jpmm.cli;

import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rename", mixinStandardHelpOptions = true,
        description = {"Rename a variable, atomically.",
                "A variable already called TO is replaced only with --force."})
final class RenameCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(index = "0", paramLabel = "FROM", description = "the variable to rename")
    String from;

    @Parameters(index = "1", paramLabel = "TO", converter = VariableNameConverter.class, description = "its new name")
    String to;

    @Option(names = "--force", description = "replace a variable already called TO")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openExisting()) {
            if (!shelf.contains(from)) {
                spec.commandLine().getErr().println("jpmm: shelf '" + shelf.name() + "' has no variable \"" + from + "\"");
                return Jpmm.FAILURE;
            }
            if (!from.equals(to) && shelf.contains(to) && !force) {
                spec.commandLine().getErr().println("jpmm: shelf '" + shelf.name() + "' already has a variable \"" + to
                        + "\"; use --force to replace it");
                return Jpmm.FAILURE;
            }
            shelf.rename(from, to);
            spec.commandLine().getOut().println("renamed " + from + " to " + to);
        }
        return 0;
    }
}
