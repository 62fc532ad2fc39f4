package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.zarr.DirectoryStore;
import io.jpmm.zarr.S3Store;
import io.jpmm.zarr.Zarr;
import io.jpmm.zarr.ZarrStore;
import java.lang.foreign.ValueLayout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Push and pull of a shelf holding one float32 array, to a directory and to S3Proxy on localhost
 * (its file-system backend on the same disk), against {@code cp} + {@code sync} of the same bytes;
 * then the time of a second push after 1 % of the chunks changed. Uncompressed, so the numbers are
 * transfer, not compression; 4 MiB chunks, 8 transfers at once.
 */
final class ZarrTransfers {
    private record Step(String name, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench").resolve("zarr");
        long mib = options.number("mib", 1024);
        deleteTree(directory);
        Files.createDirectories(directory);
        long bytes = mib << 20;
        long rows = bytes / 4 / 1024;
        Zarr.PushOptions push = Zarr.PushOptions.defaults().withCompression("none");
        List<Step> steps = new ArrayList<>();
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).forceNew())) {
            shelf.put("x", DType.FLOAT32, Shape.of(rows, 1024), target -> {
                var memory = target.segment();
                for (long i = 0; i < target.size(); i++) {
                    memory.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (i * 2654435761L % 1000003) / 7f);
                }
            });
            Path raw = directory.resolve("raw.bin");
            try (var out = java.nio.channels.FileChannel.open(raw, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE)) {
                shelf.array("x").writeTo(out);
                out.force(true);
            }
            steps.add(time("cp + sync of the same bytes (reference)", () -> Commands.run("sh", "-c", "cp '" + raw + "' '"
                    + directory.resolve("copy.bin") + "' && sync")));
            Files.delete(raw);
            Files.delete(directory.resolve("copy.bin"));

            var store = new DirectoryStore(directory.resolve("pushed"));
            steps.add(time("push to a directory", () -> Zarr.push(shelf, store, push, done -> { })));
            steps.add(time("pull from the directory into a new shelf", () -> pull(store, directory, "pulled-dir")));
            // The same again in this JVM: the first of each also pays for loading and compiling the code.
            var again = new DirectoryStore(directory.resolve("pushed-again"));
            steps.add(time("push to another directory (second push in this JVM)", () -> Zarr.push(shelf, again, push, done -> { })));
            steps.add(time("pull from it into a new shelf (second pull)", () -> pull(again, directory, "pulled-again")));
            changeOnePercent(shelf.array("x"));
            steps.add(time("second push to the directory, 1 % of chunks changed", () -> Zarr.push(shelf, store, push, done -> { })));

            var properties = new Properties();
            Path buckets = Files.createDirectories(directory.resolve("buckets"));
            properties.setProperty("jclouds.filesystem.basedir", buckets.toString());
            BlobStoreContext context = ContextBuilder.newBuilder("filesystem").credentials("identity", "credential")
                    .overrides(properties).build(BlobStoreContext.class);
            context.getBlobStore().createContainerInLocation(null, "bench");
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret").build();
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(5);
            }
            try (ZarrStore s3 = S3Store.open(URI.create("s3://bench/lab"), Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))) {
                steps.add(time("push to S3Proxy on localhost", () -> Zarr.push(shelf, s3, push, done -> { })));
                steps.add(time("pull from S3Proxy into a new shelf", () -> pull(s3, directory, "pulled-s3")));
                changeOnePercent(shelf.array("x"));
                steps.add(time("second push to S3Proxy, 1 % of chunks changed", () -> Zarr.push(shelf, s3, push, done -> { })));
            } finally {
                proxy.stop();
                context.close();
            }
        }
        System.out.printf("a %d MiB float32 array, 4 MiB chunks, uncompressed, 8 transfers at once; %s (%s); JDK/machine: %s%n",
                mib, directory, Files.getFileStore(directory).type(), Timing.machine());
        System.out.println();
        System.out.println("| step | seconds | GB/s | vs cp + sync |");
        System.out.println("|---|---:|---:|---:|");
        double reference = steps.getFirst().seconds();
        for (Step step : steps) {
            System.out.printf("| %s | %.2f | %.2f | %.2f |%n", step.name(), step.seconds(), bytes / step.seconds() / 1e9,
                    reference / step.seconds());
        }
        deleteTree(directory);
    }

    /** Changes one chunk row in a hundred (a chunk is 1024 rows of 1024 float32). */
    private static void changeOnePercent(NdArray x) {
        long chunks = x.dim(0) / 1024;
        for (long chunk = 0; chunk < chunks; chunk += 100) {
            x.at(chunk * 1024).fill(-1.0 - chunk);
        }
        x.persist();
    }

    private static void pull(ZarrStore store, Path directory, String name) throws Exception {
        try (Shelf copy = Shelf.open(name, ShelfOptions.at(directory).forceNew())) {
            Zarr.pull(store, copy, 8, done -> { });
        }
    }

    private static Step time(String name, Timing.Action action) throws Exception {
        Commands.run("sync");
        long start = System.nanoTime();
        action.run();
        return new Step(name, (System.nanoTime() - start) / 1e9);
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
