package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.Table;
import io.jpmm.arrow.ArrowIpc;
import io.jpmm.numpy.Npy;
import io.jpmm.safetensors.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Copy a .npy file, a safetensors file, an Arrow file or raw data into the shelf.",
                "Reads .npy files in C or Fortran order and either byte order, safetensors files",
                "(every tensor becomes a variable, NAME prefixed to its name, all in one",
                "transaction), Arrow IPC files and streams, Feather v2 included (one table",
                "variable NAME), or raw little-endian C-order data with --dtype and --shape. The",
                "format is recognised from the file's first bytes unless --format says it.",
                "Streamed straight into the shelf: files larger than memory are fine. Variables",
                "are committed only when complete: an import that fails or is killed leaves the",
                "shelf as it was. The shelf is created if needed and grows to fit."})
final class ImportCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(index = "0", paramLabel = "FILE",
            description = "a .npy, safetensors or Arrow file, or raw data with --dtype and --shape")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", converter = VariableNameConverter.class,
            description = "the variable to create or replace; for safetensors, a prefix for the tensors' names")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "npy, safetensors, arrow (file or stream) or raw (default: recognised from the file; raw with --dtype)")
    FileFormat format;

    @Option(names = "--dtype", paramLabel = "DTYPE", converter = DTypeConverter.class,
            description = "the element type of raw data, as NumPy spells it: float64, f8, <f8, double, int32, i4, bool, ...")
    DType dtype;

    @Option(names = "--shape", paramLabel = "D1,D2,...", split = ",", hideParamSyntax = true,
            description = "the shape of raw data")
    long[] shape;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((dtype == null) != (shape == null)) {
            throw new ParameterException(spec.commandLine(), "raw data needs both --dtype and --shape");
        }
        Shape rawShape = shape == null ? null : Jpmm.shape(spec, shape);
        FileFormat chosen = format != null ? format : dtype != null ? FileFormat.raw : FileFormat.of(file);
        if ((chosen == FileFormat.raw) != (dtype != null)) {
            throw new ParameterException(spec.commandLine(), chosen == FileFormat.raw
                    ? "raw data needs --dtype and --shape" : "--dtype and --shape are for raw data, not " + chosen);
        }
        if (chosen != FileFormat.safetensors && name == null) {
            throw new ParameterException(spec.commandLine(), "importing " + chosen + " data needs NAME, the variable to create");
        }
        var selected = jpmm.select(spec);
        try (Shelf shelf = selected.openWritable(ShelfOptions.DEFAULT_SIZE_BYTES)) {
            if (chosen == FileFormat.safetensors) {
                List<String> names = Safetensors.importInto(shelf, file, name == null ? "" : name);
                spec.commandLine().getOut().println("imported " + names.size() + " tensors from " + file
                        + (names.isEmpty() ? "" : ": " + String.join(", ", names)));
                return 0;
            }
            if (chosen.isArrow()) {
                Table table = ArrowIpc.importTable(shelf, name, file);
                spec.commandLine().getOut().println("imported " + file + " as " + name + ": table of " + table.rows()
                        + " rows, " + table.columnCount() + " columns");
                return 0;
            }
            var progress = ProgressBar.on(spec.commandLine().getErr(), "importing " + file.getFileName());
            NdArray array = dtype == null
                    ? Npy.importInto(shelf, name, file, progress)
                    : Npy.importRaw(shelf, name, file, dtype, rawShape, progress);
            spec.commandLine().getOut().println("imported " + file + " as " + name + ": " + array.dtype() + " "
                    + Shape.of(array.shape()) + ", " + Text.bytes(array.byteSize()));
        }
        return 0;
    }
}
