package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.VariableInfo;
import io.jpmm.VariableKind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", mixinStandardHelpOptions = true, description = "List a shelf's variables: name, kind, dtype, shape, bytes.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            List<List<String>> rows = shelf.variables().stream().map(LsCommand::row).toList();
            spec.commandLine().getOut().print(Text.table(List.of("NAME", "KIND", "DTYPE", "SHAPE", "BYTES"), rows));
        }
        return 0;
    }

    private static List<String> row(VariableInfo info) {
        boolean typed = info.kind() == VariableKind.ARRAY || info.kind() == VariableKind.SCALAR;
        return List.of(info.name(), info.kind().toString(), typed ? info.dtype().toString() : "-",
                typed ? info.shape().toString() : "-", Long.toString(info.byteSize()));
    }
}
