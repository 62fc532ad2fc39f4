package io.jpmm.zarr;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push that dies after {@code N} objects are written, as a process killed mid-push does:
 * {@code PushAndHalt SHELF_DIR STORE N [ENDPOINT]}, STORE a directory or {@code s3://bucket/prefix}
 * on the S3 server at ENDPOINT. The halt skips every shutdown hook and finally block.
 */
public final class PushAndHalt {
    public static void main(String[] args) throws Exception {
        int limit = Integer.parseInt(args[2]);
        var written = new AtomicInteger();
        ZarrStore directory = args[1].startsWith("s3://")
                ? S3Store.open(java.net.URI.create(args[1]), Optional.of(java.net.URI.create(args[3])), S3ProxyServer.credentials())
                : new DirectoryStore(Path.of(args[1]));
        ZarrStore dying = new ZarrStore() {
            @Override
            public Optional<byte[]> get(String key) throws IOException {
                return directory.get(key);
            }

            @Override
            public void put(String key, java.lang.foreign.MemorySegment value) throws IOException {
                if (written.incrementAndGet() > limit) {
                    Runtime.getRuntime().halt(9);
                }
                directory.put(key, value);
            }

            @Override
            public void copy(String from, String to) throws IOException {
                if (written.incrementAndGet() > limit) {
                    Runtime.getRuntime().halt(9);
                }
                directory.copy(from, to);
            }

            @Override
            public List<String> list(String prefix) throws IOException {
                return directory.list(prefix);
            }

            @Override
            public void delete(String key) throws IOException {
                directory.delete(key);
            }

            @Override
            public String describe() {
                return directory.describe();
            }
        };
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(Path.of(args[0])).readOnly())) {
            Zarr.push(shelf, dying, Zarr.PushOptions.defaults().withChunkBytes(4096).withParallelism(1), bytes -> { });
        }
        System.out.println("the push finished before " + limit + " objects");
    }
}
