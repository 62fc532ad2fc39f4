package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.safetensors.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** jpmm import and export of safetensors files: recognised by content or name, prefixes, metadata, refusals. */
class SafetensorsCommandTest {
    @TempDir
    Path directory;

    private String dir() {
        return directory.toString();
    }

    @Test
    void arraysGoOutAndComeBackUnderAPrefixWithTheirMetadata() throws Exception {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("w", NdArray.of(new double[][] {{1.5, 2}, {3, 4}}).astype(DType.FLOAT16));
            shelf.put("b", NdArray.of(7L, -8L));
            shelf.put("note", "not an array");
        }
        Path out = directory.resolve("model.safetensors");
        CliRun exported = CliRun.of("export", "w", "b", out.toString(), "--metadata", "format=pt", "-d", dir(), "-s", "lab");
        assertThat(exported.exitCode()).as(exported.toString()).isZero();
        assertThat(exported.out()).isEqualTo("exported 2 arrays to " + out + "\n");
        assertThat(Safetensors.metadata(out)).isEqualTo(Map.of("format", "pt"));

        // Recognised by its first bytes, whatever the file is called.
        Path renamed = Files.move(out, directory.resolve("weights.bin"));
        CliRun imported = CliRun.of("import", renamed.toString(), "m.", "-d", dir(), "-s", "other");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).isEqualTo("imported 2 tensors from " + renamed + ": m.b, m.w\n");
        try (Shelf shelf = Shelf.open("other", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("m.b", "m.w");
            assertThat(shelf.array("m.w").dtype()).isEqualTo(DType.FLOAT16);
            assertThat(shelf.array("m.w").toDoubleArray()).containsExactly(1.5, 2, 3, 4);
            assertThat(shelf.array("m.b").toLongArray()).containsExactly(7, -8);
        }

        Path again = directory.resolve("again.st");
        CliRun byPrefix = CliRun.of("export", "--format", "safetensors", "--prefix", "m.", again.toString(),
                "--metadata", "format=pt", "-d", dir(), "-s", "other");
        assertThat(byPrefix.exitCode()).as(byPrefix.toString()).isZero();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(renamed));
    }

    @Test
    void misuseExitsWith2AndABrokenFileWith1LeavingTheShelfAsItWas() throws Exception {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("w", NdArray.of(1.0, 2.0));
        }
        Path file = directory.resolve("t.safetensors");
        for (String[] args : new String[][] {
                {"export", file.toString()},
                {"export", "w", "--prefix", "w", file.toString()},
                {"export", "w", "w", directory.resolve("two.npy").toString()},
                {"import", directory.resolve("x.npy").toString()},
                {"import", file.toString(), "x", "--format", "safetensors", "--dtype", "f4", "--shape", "2"}}) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("-d", dir(), "-s", "lab")).toArray(String[]::new);
            CliRun run = CliRun.of(all);
            assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run).isEqualTo(2);
            assertThat(run.err()).startsWith("jpmm: ").doesNotContain("Exception");
        }
        Files.write(file, new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        CliRun broken = CliRun.of("import", file.toString(), "--format", "safetensors", "-d", dir(), "-s", "lab");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains(file.toString()).contains("not a valid safetensors file").doesNotContain("Exception");
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("w");
        }
    }
}
