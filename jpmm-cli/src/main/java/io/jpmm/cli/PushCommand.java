package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.zarr.Zarr;
import io.jpmm.zarr.ZarrStore;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Publish the shelf as a new Zarr v3 version in an S3 bucket or a directory.",
                "Each push writes a complete group under v/N (one array per array variable;",
                "scalars, strings and bytes in its attributes) and then latest.json naming it,",
                "so readers never see a mix of versions. Objects whose bytes equal the previous",
                "version's are copied inside the store, not uploaded; a push that was killed is",
                "resumed by the next one. Credentials and region come from the AWS environment",
                "variables or ~/.aws, the endpoint from --endpoint or $AWS_ENDPOINT_URL."})
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Parameters(paramLabel = "TARGET", description = "s3://bucket/prefix or a directory")
    String target;

    @Option(names = "--endpoint", paramLabel = "URL", description = "an S3-compatible server, addressed path-style")
    URI endpoint;

    @Option(names = "--compression", paramLabel = "CODEC", description = "zstd (default), gzip or none")
    String compression = "zstd";

    @Option(names = "--chunk-mb", paramLabel = "MB", description = "the size of a chunk before compression (default: 4)")
    long chunkMb = 4;

    @Option(names = "--shard", paramLabel = "N", description = "chunks per shard object (default: 0, no sharding)")
    int shardChunks;

    @Option(names = "--jobs", paramLabel = "N", description = "objects transferred at once (default: 8)")
    int jobs = 8;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var options = new Zarr.PushOptions(chunkMb << 20, compression, shardChunks, jobs);
        ZarrLocation.check(target);
        try (Shelf shelf = jpmm.select(spec).openReadOnly(); ZarrStore store = ZarrLocation.open(target, endpoint)) {
            long total = Zarr.pushBytes(shelf);
            var progress = ProgressBar.on(spec.commandLine().getErr(), "pushing");
            Zarr.PushResult result = Zarr.push(shelf, store, options, done -> progress.advanced(Math.min(done, total), total));
            spec.commandLine().getOut().println("pushed " + shelf.name() + " to " + store.describe() + " as version "
                    + result.version() + ": " + result.uploaded() + " objects uploaded (" + Text.bytes(result.uploadedBytes())
                    + "), " + result.copied() + " unchanged and copied, " + result.kept() + " kept from an interrupted push");
        }
        return 0;
    }
}
