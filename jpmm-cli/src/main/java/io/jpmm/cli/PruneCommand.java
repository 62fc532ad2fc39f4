package io.jpmm.cli;

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
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete the oldest versions pushed to an S3 bucket or a directory.",
                "Keeps the newest --keep versions up to the published one, which is never",
                "deleted, and a version a killed push left above it, for the next push to resume.",
                "A reader still reading a deleted version loses it."})
final class PruneCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGET", description = "s3://bucket/prefix or a directory")
    String target;

    @Option(names = "--keep", paramLabel = "N", description = "the versions to keep (default: 1, the published one)")
    int keep = 1;

    @Option(names = "--endpoint", paramLabel = "URL", description = "an S3-compatible server, addressed path-style")
    URI endpoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ZarrLocation.check(target);
        try (ZarrStore store = ZarrLocation.open(target, endpoint)) {
            List<Long> deleted = Zarr.prune(store, keep);
            spec.commandLine().getOut().println(deleted.isEmpty() ? "nothing to delete in " + store.describe()
                    : "deleted " + deleted.size() + (deleted.size() == 1 ? " version" : " versions") + " of "
                    + store.describe() + ": " + deleted);
        }
        return 0;
    }
}
