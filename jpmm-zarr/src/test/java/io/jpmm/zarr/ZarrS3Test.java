package io.jpmm.zarr;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push and pull through a real S3 API server (S3Proxy) with the AWS SDK: versions, server-side
 * copies of unchanged objects, dropped connections and 500s retried, a killed push resumed, and
 * zarrita reading the published version over HTTP.
 */
class ZarrS3Test {
    @TempDir
    static Path buckets;
    private static S3ProxyServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(buckets);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aShelfPushedToS3PullsBackIntoAnotherShelfAndUnchangedObjectsAreCopiedServerSide() throws Exception {
        try (S3Store store = server.store("lab/one"); Shelf lab = ZarrPushPullTest.labShelf(directory)) {
            Zarr.PushOptions options = Zarr.PushOptions.defaults().withChunkBytes(8000);
            Zarr.PushResult first = Zarr.push(lab, store, options, bytes -> { });
            assertThat(store.describe()).isEqualTo("s3://shelves/lab/one at http://127.0.0.1:" + server.endpoint().getPort())
                    .doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(S3ProxyServer.ACCESS_KEY);
            lab.array("big").at(3).fill(7.0);
            Zarr.PushResult second = Zarr.push(lab, store, options, bytes -> { });
            assertThat(second.uploaded()).isEqualTo(1);
            assertThat(second.copied()).isEqualTo(first.uploaded() - 1);
            assertThat(Zarr.prune(store, 1)).containsExactly(1L);
            assertThat(store.list("v/1")).isEmpty();
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                Zarr.pull(store, copy, 8, bytes -> { });
                ZarrPushPullTest.assertSameVariables(lab, copy);
            }
            if (Zarrita.install().isPresent()) {
                String url = server.anonymousUrl("lab/one/v/2");
                JsonNode read = ArrayMetadata.JSON.readTree(Zarrita.run("read_zarr.mjs", url, "big"));
                ZarrFixturesTest.compare(lab.array("big"), read.get("big").get("values"), "big over HTTP");
            }
        }
    }

    @Test
    void droppedConnectionsAnd500sAreRetriedAndTheResultIsWhole() throws Exception {
        var faulty = new FaultyHttpClient(5, 40);
        try (S3Store store = server.store("lab/faulty", faulty); Shelf lab = ZarrPushPullTest.labShelf(directory)) {
            Zarr.push(lab, store, Zarr.PushOptions.defaults().withChunkBytes(8000), bytes -> { });
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                Zarr.pull(store, copy, 4, bytes -> { });
                ZarrPushPullTest.assertSameVariables(lab, copy);
            }
        }
        assertThat(faulty.faults()).isEqualTo(40);
    }

    @Test
    void aServerThatKeepsFailingFailsThePushAndThePreviousVersionStaysPublished() throws Exception {
        try (S3Store store = server.store("lab/failing"); Shelf lab = ZarrPushPullTest.labShelf(directory)) {
            Zarr.push(lab, store, Zarr.PushOptions.defaults(), bytes -> { });
            NdArray published = lab.array("big").copy();
            lab.array("big").fill(1.0);
            var failing = new FaultyHttpClient(1, Integer.MAX_VALUE);
            try (S3Store broken = server.store("lab/failing", failing)) {
                assertThatThrownBy(() -> Zarr.push(lab, broken, Zarr.PushOptions.defaults(), bytes -> { }))
                        .isInstanceOf(java.io.IOException.class).hasMessageContaining("s3://shelves/lab/failing");
            }
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                Zarr.pull(store, copy, 4, bytes -> { });
                assertThat(copy.array("big")).isEqualTo(published);
            }
        }
    }

    @Test
    void aPushKilledHalfwayOnS3ResumesAndPublishesOnce() throws Exception {
        try (Shelf lab = ZarrPushPullTest.labShelf(directory)) {
            lab.array("big").at(0).fill(1.0);
        }
        var child = ChildJvm.run(Duration.ofMinutes(2), PushAndHalt.class, directory.toString(),
                "s3://shelves/lab/killed", "60", server.endpoint().toString());
        assertThat(child.exitCode()).as(child.stderr()).isEqualTo(9);
        try (S3Store store = server.store("lab/killed"); Shelf lab = Shelf.open("lab", ShelfOptions.at(directory))) {
            assertThat(store.get("latest.json")).as("nothing was published").isEmpty();
            assertThat(store.list("v/1")).isNotEmpty();
            Zarr.PushResult resumed = Zarr.push(lab, store, Zarr.PushOptions.defaults().withChunkBytes(4096).withParallelism(1),
                    bytes -> { });
            assertThat(resumed.version()).isEqualTo(1);
            assertThat(resumed.kept()).isGreaterThanOrEqualTo(50);
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                Zarr.pull(store, copy, 4, bytes -> { });
                ZarrPushPullTest.assertSameVariables(lab, copy);
            }
        }
    }
}
