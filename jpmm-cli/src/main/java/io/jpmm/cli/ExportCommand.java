package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.Shelf;
import io.jpmm.Table;
import io.jpmm.arrow.ArrowIpc;
import io.jpmm.numpy.Npy;
import io.jpmm.safetensors.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write arrays to a .npy or safetensors file, or a table to an Arrow file.",
                "A .npy file (what numpy.load reads) holds one array; a safetensors file (a FILE",
                "named *.safetensors, or --format safetensors) any number. A table goes to an",
                "Arrow IPC file (*.arrow, *.feather, *.ipc; pyarrow and pandas read it) or",
                "stream (*.arrows), one uncompressed record batch.",
                "Streamed from the shelf; the file appears complete or not at all (a temporary",
                "file beside it is renamed over it). In .npy, bfloat16, which NumPy lacks, is",
                "written as float32 (exactly); safetensors keeps it."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(arity = "1..*", paramLabel = "NAME... FILE", hideParamSyntax = true,
            description = "the arrays to export (one for .npy), then the file to write")
    List<String> arguments;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "npy, safetensors, arrow (file) or arrows (stream) (default: from FILE's name)")
    FileFormat format;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "safetensors: every array whose name starts with PREFIX, as tensors named without it")
    String prefix;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "safetensors: a __metadata__ entry")
    Map<String, String> metadata = new TreeMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = Path.of(arguments.getLast());
        List<String> names = arguments.subList(0, arguments.size() - 1);
        FileFormat chosen = format != null ? format : FileFormat.forName(file);
        if (chosen == FileFormat.raw) {
            throw new ParameterException(spec.commandLine(), "export writes npy, safetensors or arrow, not raw data");
        }
        if (chosen.isArrow() && (names.size() != 1 || prefix != null || !metadata.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "an Arrow file holds one table: give one NAME, then FILE");
        }
        if (chosen == FileFormat.npy && (names.size() != 1 || prefix != null || !metadata.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "a .npy file holds one array: give one NAME, then FILE"
                    + " (--prefix and --metadata are for safetensors)");
        }
        if (chosen == FileFormat.safetensors && names.isEmpty() == (prefix == null)) {
            throw new ParameterException(spec.commandLine(), "give the arrays to export either as NAMEs or with --prefix");
        }
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            if (chosen == FileFormat.safetensors) {
                if (prefix != null) {
                    Safetensors.exportPrefix(shelf, prefix, file, metadata);
                } else {
                    Safetensors.export(shelf, names, file, metadata);
                }
                spec.commandLine().getOut().println("exported " + (prefix != null ? shelf.names(prefix).size() : names.size())
                        + " arrays to " + file);
                return 0;
            }
            String name = names.getFirst();
            if (chosen.isArrow()) {
                Table table = shelf.table(name);
                ArrowIpc.exportTable(table, file, chosen == FileFormat.arrow ? ArrowIpc.Format.FILE : ArrowIpc.Format.STREAM);
                spec.commandLine().getOut().println("exported table " + name + " (" + table.rows() + " rows, "
                        + table.columnCount() + " columns) to " + file);
                return 0;
            }
            var array = shelf.array(name);
            Npy.export(array, file, ProgressBar.on(spec.commandLine().getErr(), "exporting " + name));
            spec.commandLine().getOut().println("exported " + name + " to " + file
                    + (array.dtype() == DType.BFLOAT16 ? " (bfloat16 written as float32)" : ""));
        }
        return 0;
    }
}
