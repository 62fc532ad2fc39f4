package io.jpmm.cli;

import io.jpmm.zarr.DirectoryStore;
import io.jpmm.zarr.S3Store;
import io.jpmm.zarr.ZarrStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where push and pull go: {@code s3://bucket/prefix} (with an optional endpoint), or a directory. */
final class ZarrLocation {
    private ZarrLocation() {
    }

    /** Refuses a location that is neither {@code s3://} nor a path, before anything is opened. */
    static void check(String location) {
        if (location.contains("://") && !location.startsWith("s3://")) {
            throw new IllegalArgumentException("push and pull go to s3://bucket/prefix or a directory, not " + location);
        }
    }

    static ZarrStore open(String location, URI endpoint) throws IOException {
        check(location);
        if (location.startsWith("s3://")) {
            URI uri = URI.create(location);
            return endpoint != null ? S3Store.open(uri, Optional.of(endpoint)) : S3Store.open(uri);
        }
        return new DirectoryStore(Path.of(location));
    }
}
