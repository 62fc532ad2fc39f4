package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.zarr.Zarr;
import io.jpmm.zarr.ZarrStore;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Put the latest version pushed to an S3 bucket or a directory onto the shelf.",
                "Every object is checked against the version's CRC32C manifest, and every",
                "variable is put in one transaction: if anything fails, the shelf is as it was.",
                "Variables the version does not hold are left alone. The shelf is created if",
                "needed and grows to fit."})
final class PullCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(paramLabel = "SOURCE", description = "s3://bucket/prefix or a directory")
    String source;

    @Option(names = "--endpoint", paramLabel = "URL", description = "an S3-compatible server, addressed path-style")
    URI endpoint;

    @Option(names = "--jobs", paramLabel = "N", description = "objects fetched at once (default: 8)")
    int jobs = 8;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (ZarrStore store = ZarrLocation.open(source, endpoint);
             Shelf shelf = jpmm.select(spec).openWritable(ShelfOptions.DEFAULT_SIZE_BYTES)) {
            long total = Zarr.pullBytes(store);
            var progress = ProgressBar.on(spec.commandLine().getErr(), "pulling");
            List<String> names = Zarr.pull(store, shelf, jobs, done -> progress.advanced(Math.min(done, total), total));
            spec.commandLine().getOut().println("pulled " + names.size() + " variables from " + store.describe()
                    + " into " + shelf.name());
        }
        return 0;
    }
}
