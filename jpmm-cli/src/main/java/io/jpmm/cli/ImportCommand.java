package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.numpy.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Copy a .npy file (or, with --dtype and --shape, raw little-endian C-order data) into",
                "variable NAME, streamed straight into the shelf: files larger than memory are fine.",
                "A shelf that does not exist yet is created big enough."})
final class ImportCommand implements Callable<Integer> {
    private static final long HEADROOM = 64L << 20;

    @Mixin
    ShelfSelection selection;

    @Parameters(index = "0", paramLabel = "FILE", description = "a .npy file, or raw data with --dtype and --shape")
    Path file;

    @Parameters(index = "1", paramLabel = "NAME", description = "the variable to create or replace")
    String name;

    @Option(names = "--dtype", paramLabel = "DTYPE", description = "the element type of raw data: ${COMPLETION-CANDIDATES}",
            converter = DTypeConverter.class, completionCandidates = DTypeConverter.Names.class)
    DType dtype;

    @Option(names = "--shape", paramLabel = "D1,D2,...", split = ",", description = "the shape of raw data")
    long[] shape;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if ((dtype == null) != (shape == null)) {
            throw new ParameterException(spec.commandLine(), "raw data needs both --dtype and --shape");
        }
        long size = Files.size(file);
        try (Shelf shelf = selection.openWritable(Math.max(ShelfOptions.DEFAULT_SIZE_BYTES, size + HEADROOM))) {
            var progress = ProgressBar.on(spec.commandLine().getErr(), "importing " + file.getFileName());
            NdArray array = dtype == null
                    ? Npy.importInto(shelf, name, file, progress)
                    : Npy.importRaw(shelf, name, file, dtype, Shape.of(shape), progress);
            spec.commandLine().getOut().println("imported " + file + " as " + name + ": " + array.dtype() + " "
                    + Arrays.toString(array.shape()).replace('[', '(').replace(']', ')') + ", " + Text.bytes(array.byteSize()));
        }
        return 0;
    }
}
