package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command through the command line's entry point: output, exit codes, errors. */
class CommandLineTest {
    @TempDir
    Path directory;

    private CliRun jpmm(String... args) {
        return CliRun.of(args);
    }

    private String dir() {
        return directory.toString();
    }

    private void fillShelf() {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("matrix", NdArray.of(new double[][] {{1.5, 2}, {3, 4}}));
            shelf.put("label", "run 7");
            shelf.put("epoch", -3L);
            shelf.put("blob", new byte[] {1, 2, 3});
        }
    }

    @Test
    void helpListsEveryCommandAndVersionSaysWhichJpmm() {
        CliRun help = jpmm("--help");
        assertThat(help.exitCode()).isZero();
        for (String command : List.of("demo", "create", "ls", "info", "show", "erase", "check", "import", "export", "shell")) {
            assertThat(help.out()).contains(command);
        }
        assertThat(help.out()).doesNotContain("demo-check");
        CliRun version = jpmm("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("jpmm ").contains("Java 25");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "create", "ls", "info", "show", "erase", "check", "import", "export", "shell"})
    void everyCommandHasHelp(String command) {
        CliRun help = jpmm(command, "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: jpmm " + command);
    }

    @Test
    void badUsageIsOneLineAndExitCode2() {
        for (String[] args : List.of(new String[] {}, new String[] {"frobnicate"}, new String[] {"ls", "--no-such-option"},
                new String[] {"show"}, new String[] {"import", "only-one-argument"})) {
            CliRun run = jpmm(args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).startsWith("jpmm: ").contains("--help");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void createThenLsInfoShowEraseAndCheck() {
        CliRun created = jpmm("create", "-d", dir(), "-s", "lab", "--size-mb", "4");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("shelf 'lab'").contains("4.0 MiB");
        fillShelf();

        CliRun ls = jpmm("ls", "-d", dir(), "-s", "lab");
        assertThat(ls.exitCode()).isZero();
        assertThat(ls.out()).isEqualTo("""
                NAME    KIND    DTYPE    SHAPE   BYTES
                blob    bytes   -        -       3
                epoch   scalar  int64    ()      8
                label   string  -        -       5
                matrix  array   float64  (2, 2)  32
                """);

        CliRun info = jpmm("info", "-d", dir(), "-s", "lab");
        assertThat(info.out()).contains("variables     4").contains("format        version 1").contains("MSYNC")
                .contains(directory.resolve("lab.jpmm").toString());

        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "matrix").out()).isEqualTo("shelved([[1.5, 2. ],\n         [3. , 4. ]])\n");
        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "label").out()).isEqualTo("run 7\n");
        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "epoch").out()).isEqualTo("-3\n");
        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "blob").out()).isEqualTo("3 bytes: 01 02 03\n");

        CliRun erase = jpmm("erase", "-d", dir(), "-s", "lab", "label", "blob");
        assertThat(erase.out()).isEqualTo("erased label\nerased blob\n");
        CliRun check = jpmm("check", "-d", dir(), "-s", "lab");
        assertThat(check.exitCode()).isZero();
        assertThat(check.out()).contains("2 variables").contains("no problems");
    }

    @Test
    void showFullPrintsEveryElement() {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("long", NdArray.allocate(DType.INT32, 2000));
        }
        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "long").out()).contains("...");
        assertThat(jpmm("show", "-d", dir(), "-s", "lab", "long", "--full").out()).doesNotContain("...");
    }

    @Test
    void failuresAreOneLineWithExitCode1AndStackTracesOnlyWithDebug() {
        fillShelf();
        CliRun missing = jpmm("show", "-d", dir(), "-s", "lab", "ghost");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jpmm: shelf 'lab' has no variable \"ghost\"\n");
        CliRun debug = jpmm("show", "-d", dir(), "-s", "lab", "ghost", "--debug");
        assertThat(debug.exitCode()).isEqualTo(1);
        assertThat(debug.err()).startsWith("jpmm: shelf 'lab' has no variable").contains("NoSuchVariableException").contains("\tat ");
        CliRun noShelf = jpmm("ls", "-d", dir(), "-s", "nothere");
        assertThat(noShelf.exitCode()).isEqualTo(1);
        assertThat(noShelf.err()).contains("no shelf 'nothere'").contains("shelves there: lab");
        CliRun eraseNowhere = jpmm("erase", "-d", dir(), "-s", "nothere", "x");
        assertThat(eraseNowhere.exitCode()).isEqualTo(1);
        assertThat(eraseNowhere.err()).contains("no shelf 'nothere'");
        assertThat(directory.resolve("nothere.jpmm")).doesNotExist();
    }

    @Test
    void checkOfADamagedShelfFailsWithExitCode1() throws Exception {
        fillShelf();
        Path file = directory.resolve("lab.jpmm");
        byte[] bytes = Files.readAllBytes(file);
        for (int offset = 0; offset < 8192; offset += 4096) {
            bytes[offset + 100] ^= 1;
        }
        Files.write(file, bytes);
        CliRun check = jpmm("check", "-d", dir(), "-s", "lab");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).startsWith("jpmm: ").contains("lab.jpmm").contains("no valid superblock");
    }

    @Test
    void aShelfHeldByAWriterIsReportedAsLocked() {
        fillShelf();
        try (Shelf writer = Shelf.open("lab", ShelfOptions.at(directory))) {
            CliRun ls = jpmm("ls", "-d", dir(), "-s", "lab");
            assertThat(ls.exitCode()).isEqualTo(1);
            assertThat(ls.err()).contains("already open for writing").contains("lab.jpmm.lock");
        }
    }
}
