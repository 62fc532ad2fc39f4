package io.jpmm.zarr;

import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.TableSpec;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shelves pushed to a directory as Zarr v3 versions and pulled back: incremental, resumable, checked. */
class ZarrPushPullTest {
    static final List<String> ODD_NAMES = List.of("../escape", "zarr.json", "__reserved", "a/b", "ünï code", "50%", ".", "..");

    @TempDir
    Path directory;

    static Shelf labShelf(Path directory) {
        Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(16));
        int seed = 0;
        for (DType dtype : DType.values()) {
            shelf.put("array." + dtype.numpyName(), Samples.randomArray(dtype, seed++, 13, 7));
        }
        shelf.put("big", Samples.randomArray(DType.FLOAT64, 99, 100, 1000));
        for (String name : ODD_NAMES) {
            shelf.put(name, Samples.randomArray(DType.INT16, name.hashCode(), 5));
        }
        shelf.put("epoch", 42L);
        shelf.put("rate", 0.125);
        shelf.put("done", true);
        shelf.put("label", "run ☕ 7");
        shelf.put("blob", new byte[] {1, 2, 3, -1});
        return shelf;
    }

    static void assertSameVariables(Shelf expected, Shelf actual) {
        assertThat(actual.names()).containsExactlyElementsOf(expected.names());
        for (String name : expected.names()) {
            Object want = expected.get(name);
            Object got = actual.get(name);
            if (want instanceof byte[] bytes) {
                assertThat((byte[]) got).as(name).isEqualTo(bytes);
            } else {
                assertThat(got).as(name).isEqualTo(want);
            }
        }
    }

    @Test
    void aPushedShelfPullsBackWholeIntoAnotherShelfAndZarritaReadsIt() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        try (Shelf lab = labShelf(directory)) {
            Zarr.PushResult result = Zarr.push(lab, store, Zarr.PushOptions.defaults().withChunkBytes(64 << 10), bytes -> { });
            assertThat(result.version()).isEqualTo(1);
            assertThat(result.copied()).isZero();
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                List<String> pulled = Zarr.pull(store, copy, 4, bytes -> { });
                assertThat(pulled).hasSameSizeAs(lab.names());
                assertSameVariables(lab, copy);
            }
        }
        JsonNode group = ArrayMetadata.JSON.readTree(store.get("v/1/zarr.json").orElseThrow());
        assertThat(group.get("node_type").asString()).isEqualTo("group");
        assertThat(group.at("/attributes/jpmm/values/label/value").asString()).isEqualTo("run ☕ 7");
        // Odd names stay inside their version and never collide with metadata.
        for (String key : store.list("")) {
            assertThat(key).matches("latest\\.json|v/1/[^/]+(/.*)?").doesNotContain("/../").doesNotContain("/./")
                    .matches("[A-Za-z0-9._~/-]+");
        }
        assertThat(ZarrKeys.encode("zarr.json")).isEqualTo("zarr~2Ejson");
        assertThat(ZarrKeys.encode("../escape")).isEqualTo("..~2Fescape");
        assertThat(ZarrKeys.encode("..")).isEqualTo("~2E~2E");
        assertThat(ZarrKeys.encode("__reserved")).isEqualTo("~5F~5Freserved");
        assertThat(store.get("v/1/zarr~2Ejson/zarr.json")).isPresent();
        assertThat(ODD_NAMES.stream().map(ZarrKeys::encode).distinct()).hasSameSizeAs(ODD_NAMES);
        if (Zarrita.install().isPresent()) {
            JsonNode read = ArrayMetadata.JSON.readTree(Zarrita.run("read_zarr.mjs", directory.resolve("remote/v/1").toString(),
                    "big", ZarrKeys.encode("ünï code")));
            try (Shelf lab = Shelf.open("lab", ShelfOptions.at(directory).readOnly())) {
                ZarrFixturesTest.compare(lab.array("big"), read.get("big").get("values"), "big");
                ZarrFixturesTest.compare(lab.array("ünï code"), read.get(ZarrKeys.encode("ünï code")).get("values"), "ünï code");
            }
        }
    }

    @Test
    void aSecondPushUploadsOnlyTheChunksThatChangedAndLeavesTheFirstVersionReadable() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        Zarr.PushOptions options = Zarr.PushOptions.defaults().withChunkBytes(8000);
        try (Shelf lab = labShelf(directory)) {
            Zarr.PushResult first = Zarr.push(lab, store, options, bytes -> { });
            NdArray big = lab.array("big");
            NdArray before = big.copy();
            // One row of 100 is one chunk of 8,000 bytes: 1 % of the chunks of the largest array.
            big.at(37).fill(-1.0);
            big.persist();
            Zarr.PushResult second = Zarr.push(lab, store, options, bytes -> { });
            assertThat(second.version()).isEqualTo(2);
            assertThat(second.uploaded()).as(second.toString()).isEqualTo(1);
            assertThat(second.copied()).isEqualTo(first.uploaded() - 1);
            assertThat(Zarr.readArray(store, "v/1/big")).isEqualTo(before);
            assertThat(Zarr.readArray(store, "v/2/big")).isEqualTo(big);
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
                Zarr.pull(store, copy, 2, bytes -> { });
                assertSameVariables(lab, copy);
            }
        }
    }

    @Test
    void aPushKilledHalfwayLeavesThePreviousVersionAndTheNextPushResumes() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        Zarr.PushOptions options = Zarr.PushOptions.defaults().withChunkBytes(4096).withParallelism(1);
        NdArray published;
        try (Shelf lab = labShelf(directory)) {
            Zarr.push(lab, store, options, bytes -> { });
            NdArray big = lab.array("big");
            published = big.copy();
            for (int row = 0; row < 100; row++) {
                big.at(row).fill((double) row);
            }
            big.persist();
        }
        var child = ChildJvm.run(Duration.ofMinutes(2), PushAndHalt.class, directory.toString(),
                directory.resolve("remote").toString(), "150");
        assertThat(child.exitCode()).as(child.stderr()).isEqualTo(9);
        assertThat(store.list("v/2")).as("the killed push wrote part of version 2").isNotEmpty();
        try (Shelf lab = Shelf.open("lab", ShelfOptions.at(directory)); Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
            Zarr.pull(store, copy, 2, bytes -> { });
            assertThat(copy.array("big")).as("version 1 is still what is published").isEqualTo(published);
            Zarr.PushResult resumed = Zarr.push(lab, store, options, bytes -> { });
            assertThat(resumed.version()).isEqualTo(2);
            assertThat(resumed.kept()).as(resumed.toString()).isGreaterThanOrEqualTo(100);
            Zarr.pull(store, copy, 2, bytes -> { });
            assertSameVariables(lab, copy);
        }
    }

    @Test
    void aDamagedObjectFailsThePullAndLeavesTheShelfAsItWas() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        try (Shelf lab = labShelf(directory)) {
            Zarr.push(lab, store, Zarr.PushOptions.defaults().withChunkBytes(8000), bytes -> { });
        }
        Path chunk = directory.resolve("remote/v/1/big/c/50/0");
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length / 2] ^= 4;
        Files.write(chunk, bytes);
        try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(16))) {
            copy.put("keep", 1L);
            assertThatThrownBy(() -> Zarr.pull(store, copy, 2, b -> { })).isInstanceOf(ZarrFormatException.class)
                    .hasMessageContaining("v/1/big/c/50/0").hasMessageContaining("does not match the manifest");
            assertThat(copy.names()).containsExactly("keep");
        }
    }

    @Test
    void pruneDeletesOlderVersionsAndKeepsTheLatestAndAResumablePush() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        try (Shelf lab = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            for (long version = 1; version <= 3; version++) {
                lab.put("x", NdArray.of(version, version * 10));
                Zarr.push(lab, store, Zarr.PushOptions.defaults(), bytes -> { });
            }
            store.put("v/4/x/c/0", new byte[] {1});   // what a killed push of version 4 left
            assertThatThrownBy(() -> Zarr.prune(store, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(Zarr.prune(store, 2)).containsExactly(1L);
            assertThat(Zarr.prune(store, 1)).containsExactly(2L);
            assertThat(Zarr.prune(store, 1)).isEmpty();
            assertThat(Files.exists(directory.resolve("remote/v/1"))).as("no empty folders left").isFalse();
            assertThat(Files.exists(directory.resolve("remote/v/2"))).isFalse();
            assertThat(store.list("v/4")).containsExactly("v/4/x/c/0");
            try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).sizeMb(4))) {
                Zarr.pull(store, copy, 2, bytes -> { });
                assertThat(copy.array("x").toLongArray()).containsExactly(3, 30);
            }
        }
    }

    /** 16 chunks of 8 MiB in flight would not fit a 24 MiB heap: a push copies shelved data into native memory at most. */
    @Test
    void aPushNeverCopiesShelvedDataIntoTheHeap() {
        var child = ChildJvm.run(Duration.ofMinutes(3), List.of("-Xmx24m"), PushInASmallHeap.class, directory.toString(),
                directory.resolve("remote").toString());
        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.stdout()).isEqualTo("pushed\n");
    }

    @Test
    void aShelfWithATableIsRefusedBeforeAnythingIsWritten() throws Exception {
        var store = new DirectoryStore(directory.resolve("remote"));
        try (Shelf lab = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            lab.put("x", NdArray.of(1.0, 2.0));
            lab.putTable("t", TableSpec.of(1, ColumnSpec.of("a", DType.INT8)), table -> table.values(0).fill((byte) 1));
            assertThatThrownBy(() -> Zarr.push(lab, store, Zarr.PushOptions.defaults(), bytes -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("variable \"t\" is a table");
        }
        assertThat(store.list("")).isEmpty();
        assertThatThrownBy(() -> Zarr.pull(store, null, 1, bytes -> { })).isInstanceOf(ZarrFormatException.class)
                .hasMessageContaining("holds no published shelf");
        assertThatThrownBy(() -> Zarr.PushOptions.defaults().withChunkBytes(64 << 20).withShardChunks(32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times 32 chunks per shard");
    }
}
