package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.Table;
import io.jpmm.VariableInfo;
import io.jpmm.VariableKind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List a shelf's variables, or those starting with PREFIX.")
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "only names that start with it")
    String prefix = "";

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            List<List<String>> rows = shelf.names(prefix).stream().map(name -> row(shelf, shelf.info(name))).toList();
            spec.commandLine().getOut().print(Text.table(List.of("NAME", "KIND", "DTYPE", "SHAPE", "BYTES"), rows));
        }
        return 0;
    }

    private static List<String> row(Shelf shelf, VariableInfo info) {
        if (info.kind() == VariableKind.TABLE) {
            // A table's shape is pandas' DataFrame.shape: (rows, columns).
            Table table = shelf.table(info.name());
            return List.of(info.name(), info.kind().toString(), "-", "(" + table.rows() + ", " + table.columnCount() + ")",
                    Long.toString(info.byteSize()));
        }
        boolean typed = info.kind() == VariableKind.ARRAY || info.kind() == VariableKind.SCALAR;
        return List.of(info.name(), info.kind().toString(), typed ? info.dtype().toString() : "-",
                typed ? info.shape().toString() : "-", Long.toString(info.byteSize()));
    }
}
