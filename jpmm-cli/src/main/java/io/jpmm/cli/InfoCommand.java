package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.VariableInfo;
import io.jpmm.VariableLocation;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe the shelf (file, medium, capacity, use), or one variable.",
                "With --json, a variable's file, offset, dtype and shape, so that NumPy can read it where it lies:",
                "  numpy.memmap(j['file'], dtype=j['numpy_descr'], mode='r', offset=j['offset'], shape=tuple(j['shape']))"})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ShelfSelection selection;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "a variable to describe")
    String name;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Shelf shelf = selection.openReadOnly()) {
            if (name == null) {
                out.print(json ? shelfJson(shelf) : shelfText(shelf));
            } else {
                VariableInfo info = shelf.info(name);
                VariableLocation location = shelf.location(name);
                out.print(json ? variableJson(shelf, info, location) : variableText(info, location));
            }
        }
        return 0;
    }

    private static String shelfText(Shelf shelf) {
        return Text.table(List.of("shelf", shelf.name()), List.of(
                List.of("file", shelf.medium().file().toString()),
                List.of("medium", shelf.medium().toString()),
                List.of("persist mode", shelf.medium().mode().name()),
                List.of("capacity", Text.bytes(shelf.capacityBytes())),
                List.of("used", Text.bytes(shelf.usedBytes()) + String.format(Locale.ROOT, " (%.1f %%)", shelf.usedPercent())),
                List.of("variables", Integer.toString(shelf.names().size())),
                List.of("format", "version " + shelf.formatVersion())));
    }

    private static String shelfJson(Shelf shelf) {
        return "{\"shelf\": " + Text.json(shelf.name()) + ", \"file\": " + Text.json(shelf.medium().file().toString())
                + ", \"persist_mode\": " + Text.json(shelf.medium().mode().name())
                + ", \"file_system\": " + Text.json(shelf.medium().fileSystem())
                + ", \"capacity_bytes\": " + shelf.capacityBytes() + ", \"used_bytes\": " + shelf.usedBytes()
                + ", \"variables\": " + shelf.names().size() + ", \"format_version\": " + shelf.formatVersion() + "}\n";
    }

    private static String variableText(VariableInfo info, VariableLocation location) {
        return Text.table(List.of("variable", info.name()), List.of(
                List.of("kind", info.kind().toString()),
                List.of("dtype", info.dtype() + info.dtype().numpyDescr().map(descr -> " (" + descr + ")").orElse("")),
                List.of("shape", info.shape().toString()),
                List.of("bytes", Long.toString(info.byteSize())),
                List.of("file", location.file().toString()),
                List.of("offset", Long.toString(location.offset()))));
    }

    private static String variableJson(Shelf shelf, VariableInfo info, VariableLocation location) {
        String shape = Arrays.stream(info.shape().toArray()).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
        return "{\"shelf\": " + Text.json(shelf.name()) + ", \"name\": " + Text.json(info.name())
                + ", \"kind\": " + Text.json(info.kind().toString()) + ", \"dtype\": " + Text.json(info.dtype().toString())
                + ", \"numpy_descr\": " + info.dtype().numpyDescr().map(Text::json).orElse("null")
                + ", \"shape\": " + shape + ", \"file\": " + Text.json(location.file().toString())
                + ", \"offset\": " + location.offset() + ", \"bytes\": " + location.byteSize() + "}\n";
    }
}
