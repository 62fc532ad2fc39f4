package io.jpmm.cli;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.Table;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print a variable; arrays as NumPy prints them.",
                "Arrays of more than 1000 elements and tables of more than 20 rows",
                "are summarised unless --full."})
final class ShowCommand implements Callable<Integer> {
    private static final int BYTES_SHOWN = 64;
    private static final int ROWS_SHOWN = 20;

    @ParentCommand
    Jpmm jpmm;

    @Parameters(paramLabel = "NAME", description = "the variable")
    String name;

    @Option(names = "--full", description = "print every element")
    boolean full;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            String text = switch (shelf.get(name)) {
                case NdArray array -> full ? array.toFullString() : array.toString();
                case Table table -> TableText.format(table, full ? Long.MAX_VALUE : ROWS_SHOWN);
                case byte[] bytes -> bytes.length + " bytes: " + HexFormat.ofDelimiter(" ")
                        .formatHex(bytes, 0, Math.min(bytes.length, full ? bytes.length : BYTES_SHOWN))
                        + (bytes.length > BYTES_SHOWN && !full ? " ..." : "");
                case Object value -> value.toString();
            };
            spec.commandLine().getOut().println(text);
        }
        return 0;
    }
}
