package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.Shelf;
import io.jpmm.numpy.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write an array to a .npy file that numpy.load reads.",
                "Streamed from the shelf; the file appears complete or not at all (a temporary",
                "file beside it is renamed over it). bfloat16, which NumPy lacks, is written as",
                "float32 (exactly)."})
final class ExportCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(index = "0", paramLabel = "NAME", description = "the array to export")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "the .npy file to write")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            var array = shelf.array(name);
            Npy.export(array, file, ProgressBar.on(spec.commandLine().getErr(), "exporting " + name));
            spec.commandLine().getOut().println("exported " + name + " to " + file
                    + (array.dtype() == DType.BFLOAT16 ? " (bfloat16 written as float32)" : ""));
        }
        return 0;
    }
}
