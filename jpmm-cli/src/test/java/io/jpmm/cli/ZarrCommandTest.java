package io.jpmm.cli;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** jpmm push and pull with a directory: versions, what each push did, and misuse. */
class ZarrCommandTest {
    @TempDir
    Path directory;

    private String dir() {
        return directory.toString();
    }

    @Test
    void aShelfPushedTwiceAndPulledUnderAnotherName() {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("x", NdArray.of(new double[][] {{1, 2}, {3, 4}}));
            shelf.put("note", "first");
        }
        String remote = directory.resolve("remote").toString();
        CliRun first = CliRun.of("push", remote, "--compression", "gzip", "-d", dir(), "-s", "lab");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("pushed lab to " + remote + " as version 1: 2 objects uploaded (");
        CliRun second = CliRun.of("push", remote, "--compression", "gzip", "-d", dir(), "-s", "lab");
        assertThat(second.out()).contains("as version 2: 0 objects uploaded (0 B), 2 unchanged and copied");
        CliRun pulled = CliRun.of("-s", "copy", "-d", dir(), "pull", remote);
        assertThat(pulled.exitCode()).as(pulled.toString()).isZero();
        assertThat(pulled.out()).isEqualTo("pulled 2 variables from " + remote + " into copy\n");
        try (Shelf copy = Shelf.open("copy", ShelfOptions.at(directory).readOnly())) {
            assertThat(copy.array("x").toDoubleArray()).containsExactly(1, 2, 3, 4);
            assertThat(copy.string("note")).isEqualTo("first");
        }
        CliRun pruned = CliRun.of("prune", remote, "--keep", "1");
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).isEqualTo("deleted 1 version of " + remote + ": [1]\n");
        assertThat(CliRun.of("prune", remote).out()).isEqualTo("nothing to delete in " + remote + "\n");
        assertThat(CliRun.of("prune", remote, "--keep", "0").exitCode()).isEqualTo(1);
    }

    @Test
    void misuseExitsWith2AndAMissingSourceWith1() {
        CliRun scheme = CliRun.of("push", "gs://bucket/x", "-d", dir());
        assertThat(scheme.exitCode()).isEqualTo(1);
        assertThat(scheme.err()).contains("s3://bucket/prefix or a directory, not gs://bucket/x");
        CliRun codec = CliRun.of("push", directory.resolve("r").toString(), "--compression", "lz4", "-d", dir());
        assertThat(codec.exitCode()).isEqualTo(1);
        assertThat(codec.err()).contains("compression is none, gzip or zstd, not \"lz4\"");
        CliRun nothing = CliRun.of("pull", directory.resolve("empty").toString(), "-d", dir());
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("holds no published shelf");
        CliRun noTarget = CliRun.of("push", "-d", dir());
        assertThat(noTarget.exitCode()).isEqualTo(2);
    }
}
