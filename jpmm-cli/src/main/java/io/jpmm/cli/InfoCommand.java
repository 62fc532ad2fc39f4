package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.VariableInfo;
import io.jpmm.VariableLocation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe the shelf or one variable.",
                "The shelf: file, medium, format version, capacity and use. With --json, a",
                "variable's file, offset, dtype and shape, so that NumPy can read it where it",
                "lies:",
                "  numpy.memmap(j['file'], dtype=j['numpy_descr'], mode='r',",
                "               offset=j['offset'], shape=tuple(j['shape']))",
                "For bfloat16, numpy_descr is 'bfloat16' and numpy_needs says 'ml_dtypes':",
                "'import ml_dtypes' first."})
final class InfoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Jpmm jpmm;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "a variable to describe")
    String name;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            if (name == null) {
                out.print(json ? shelfJson(shelf) : shelfText(shelf));
            } else {
                VariableInfo info = shelf.info(name);
                Optional<VariableLocation> location = shelf.location(name);
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
                List.of("format", "version " + shelf.formatVersion() + (shelf.formatVersion() < Shelf.FORMAT_VERSION
                        ? " (the next writer upgrades it to " + Shelf.FORMAT_VERSION + ")" : ""))));
    }

    private static String shelfJson(Shelf shelf) {
        ObjectNode json = JSON.createObjectNode()
                .put("shelf", shelf.name())
                .put("file", shelf.medium().file().toString())
                .put("persist_mode", shelf.medium().mode().name())
                .put("file_system", shelf.medium().fileSystem())
                .put("capacity_bytes", shelf.capacityBytes())
                .put("used_bytes", shelf.usedBytes())
                .put("variables", shelf.names().size())
                .put("format_version", shelf.formatVersion());
        return json + "\n";
    }

    private static String variableText(VariableInfo info, Optional<VariableLocation> location) {
        List<List<String>> rows = new java.util.ArrayList<>(List.of(
                List.of("kind", info.kind().toString()),
                List.of("dtype", info.dtype() + info.dtype().numpyDescr().map(descr -> " (" + descr + ")").orElse("")),
                List.of("shape", info.shape().toString()),
                List.of("bytes", Long.toString(info.byteSize()))));
        if (location.isPresent()) {
            rows.add(List.of("file", location.get().file().toString()));
            rows.add(List.of("offset", Long.toString(location.get().offset())));
        } else {
            rows.add(List.of("stored", "in the shelf's catalog (a small value)"));
        }
        return Text.table(List.of("variable", info.name()), rows);
    }

    private static String variableJson(Shelf shelf, VariableInfo info, Optional<VariableLocation> location) {
        ObjectNode json = JSON.createObjectNode()
                .put("shelf", shelf.name())
                .put("name", info.name())
                .put("kind", info.kind().toString())
                .put("dtype", info.dtype().toString())
                .put("numpy_descr", info.dtype().numpyDescr().orElse(info.dtype().numpyName()));
        if (info.dtype().numpyDescr().isEmpty()) {
            json.put("numpy_needs", "ml_dtypes");
        }
        ArrayNode shape = json.putArray("shape");
        for (long dim : info.shape().toArray()) {
            shape.add(dim);
        }
        json.put("bytes", info.byteSize());
        if (location.isPresent()) {
            json.put("file", location.get().file().toString()).put("offset", location.get().offset());
        } else {
            json.put("inline", true);
        }
        return json + "\n";
    }
}
