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
        for (String command : List.of("demo", "create", "ls", "info", "show", "erase", "rename", "check", "import", "export",
                "compact", "upgrade", "shell")) {
            assertThat(help.out()).contains(command);
        }
        assertThat(help.out()).doesNotContain("demo-check");
        CliRun version = jpmm("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("jpmm ").contains("Java 25");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "create", "ls", "info", "show", "erase", "rename", "check", "import", "export",
            "compact", "upgrade", "shell"})
    void everyCommandHasHelpThatNeverWrapsInsideALineItMeantWhole(String command) {
        CliRun help = jpmm(command, "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Usage: jpmm " + command);
        // Each description line is printed whole: wrapping cuts paths and code recipes apart.
        var spec = Jpmm.withCommands(new picocli.CommandLine(new Jpmm()), new String[0]).getSubcommands().get(command)
                .getCommandSpec();
        for (String line : spec.usageMessage().description()) {
            assertThat(help.out().lines()).as("help of %s", command).contains(line);
        }
        assertThat(help.out().lines()).allMatch(line -> line.length() <= 80);
        assertThat(help.out()).contains("~/.local/share/jpmm");
    }

    @Test
    void aShelfOrDirectoryNamedLikeACommandIsNotTakenForTheCommand() throws Exception {
        // Only the command the arguments name is built; the values of -s and -d are skipped to find it.
        try (Shelf shelf = Shelf.open("show", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.put("epoch", 7L);
        }
        java.nio.file.Path named = java.nio.file.Files.createDirectory(directory.resolve("import"));
        try (Shelf shelf = Shelf.open("erase", ShelfOptions.at(named).sizeMb(4))) {
            shelf.put("kept", 1L);
        }
        CliRun listed = jpmm("-s", "show", "-d", dir(), "ls");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.out()).contains("epoch");
        CliRun inDirectoryNamedImport = jpmm("--dir", named.toString(), "--shelf", "erase", "ls");
        assertThat(inDirectoryNamedImport.exitCode()).as(inDirectoryNamedImport.toString()).isZero();
        assertThat(inDirectoryNamedImport.out()).contains("kept");
        CliRun unknown = jpmm("-d", dir(), "lss");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("lss").contains("ls");
    }

    @Test
    void optionsMayComeBeforeTheCommandAsWithGitAndKubectl() {
        fillShelf();
        CliRun before = jpmm("-s", "lab", "-d", dir(), "ls");
        CliRun after = jpmm("ls", "-s", "lab", "-d", dir());
        CliRun mixed = jpmm("-d", dir(), "ls", "-s", "lab");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.out()).contains("matrix").isEqualTo(after.out()).isEqualTo(mixed.out());
        CliRun debug = jpmm("--debug", "-d", dir(), "-s", "lab", "show", "ghost");
        assertThat(debug.err()).contains("NoSuchVariableException").contains("\tat ");
    }

    @Test
    void allBadUsageExitsWith2() {
        fillShelf();
        Path raw = directory.resolve("raw.bin");
        for (String[] args : List.of(new String[] {"-s", "bad/name", "ls"}, new String[] {"-s", "", "ls"},
                new String[] {"create", "-s", "x", "--size-mb", "0"}, new String[] {"create", "-s", "x", "--size-mb", "-5"},
                new String[] {"import", raw.toString(), "x", "--dtype", "float32", "--shape", "2,-3"},
                new String[] {"import", raw.toString(), "x", "--dtype", "float80", "--shape", "3"},
                new String[] {"import", raw.toString(), "x", "--dtype", ">f8", "--shape", "3"},
                new String[] {"import", raw.toString(), "", "--dtype", "f8", "--shape", "3"},
                new String[] {"rename", "matrix", ""}, new String[] {"shell", "--size-mb", "0"})) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("-d", dir()))
                    .toArray(String[]::new);
            CliRun run = jpmm(all);
            assertThat(run.exitCode()).as("%s: %s", String.join(" ", args), run).isEqualTo(2);
            assertThat(run.err()).startsWith("jpmm: ").contains("--help").doesNotContain("Exception");
        }
        assertThat(directory.resolve("x.jpmm")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "f4", "<f4", "single", "f"})
    void dtypesAreReadAsNumpyUsersSpellThemAndShapesPrintAsTuples(String spelling) throws Exception {
        Path raw = Files.write(directory.resolve("raw.bin"), new byte[48]);
        CliRun imported = jpmm("import", raw.toString(), "v", "--dtype", spelling, "--shape", "12", "-d", dir(), "-s", "lab");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("as v: float32 (12,), 48 B");
    }

    @Test
    void eraseChecksEveryNameBeforeItErasesAny() {
        fillShelf();
        CliRun erase = jpmm("erase", "matrix", "ghost", "label", "-d", dir(), "-s", "lab");
        assertThat(erase.exitCode()).isEqualTo(1);
        assertThat(erase.err()).contains("\"ghost\"").contains("nothing was erased");
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("blob", "epoch", "label", "matrix");
        }
    }

    @Test
    void renameRefusesToReplaceAVariableWithoutForce() {
        fillShelf();
        CliRun refused = jpmm("rename", "label", "matrix", "-d", dir(), "-s", "lab");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("already has a variable \"matrix\"").contains("--force");
        CliRun renamed = jpmm("rename", "label", "title", "-d", dir(), "-s", "lab");
        assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
        CliRun forced = jpmm("rename", "title", "matrix", "--force", "-d", dir(), "-s", "lab");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("blob", "epoch", "matrix");
            assertThat(shelf.string("matrix")).isEqualTo("run 7");
        }
        assertThat(jpmm("rename", "ghost", "x", "-d", dir(), "-s", "lab").exitCode()).isEqualTo(1);
    }

    @Test
    void fileProblemsSayWhatWentWrongWithWhichFileInWords() throws Exception {
        fillShelf();
        Path aDirectory = Files.createDirectories(directory.resolve("adir"));
        CliRun exportOverDirectory = jpmm("export", "matrix", aDirectory.toString(), "-d", dir(), "-s", "lab");
        assertThat(exportOverDirectory.err()).isEqualTo("jpmm: " + aDirectory + ": is a directory, not a file to write\n");
        CliRun importDirectory = jpmm("import", aDirectory.toString(), "x", "-d", dir(), "-s", "lab");
        assertThat(importDirectory.err()).isEqualTo("jpmm: " + aDirectory + ": is a directory, not a file to read\n");
        CliRun importMissing = jpmm("import", directory.resolve("nope.npy").toString(), "x", "-d", dir(), "-s", "lab");
        assertThat(importMissing.err()).isEqualTo("jpmm: " + directory.resolve("nope.npy") + ": no such file or directory\n");
        CliRun exportNowhere = jpmm("export", "matrix", directory.resolve("no/such/dir/x.npy").toString(), "-d", dir(), "-s", "lab");
        assertThat(exportNowhere.err()).contains("no/such/dir/x.npy").contains("does not exist");
        for (CliRun run : List.of(exportOverDirectory, importDirectory, importMissing, exportNowhere)) {
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("java.");
        }
    }

    @Test
    void upgradeRewritesAnOlderFormatAndInfoAndCheckShowTheVersion() throws Exception {
        try (var fixture = getClass().getResourceAsStream("/format/version1/legacy.jpmm")) {
            Files.copy(fixture, directory.resolve("legacy.jpmm"));
        }
        assertThat(jpmm("info", "-d", dir(), "-s", "legacy").out()).contains("version 1 (the next writer upgrades it to " + Shelf.FORMAT_VERSION + ")");
        assertThat(jpmm("check", "-d", dir(), "-s", "legacy").out()).contains("(format version 1)").contains("no problems");
        CliRun upgrade = jpmm("upgrade", "-d", dir(), "-s", "legacy");
        assertThat(upgrade.exitCode()).as(upgrade.toString()).isZero();
        assertThat(upgrade.out()).contains("upgraded from format version 1 to " + Shelf.FORMAT_VERSION);
        assertThat(jpmm("upgrade", "-d", dir(), "-s", "legacy").out()).contains("already at format version");
        assertThat(jpmm("check", "-d", dir(), "-s", "legacy").out()).contains("(format version " + Shelf.FORMAT_VERSION + ")");
        assertThat(jpmm("show", "label", "-d", dir(), "-s", "legacy").out()).isEqualTo("version one\n");
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
        assertThat(info.out()).contains("variables     4").contains("format        version " + Shelf.FORMAT_VERSION)
                .contains("MSYNC")
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
    void readingCommandsAndBackupWorkWhileAnApplicationWritesTheShelf() throws Exception {
        fillShelf();
        try (Shelf writer = Shelf.open("lab", ShelfOptions.at(directory))) {
            writer.put("label", "run 8");
            CliRun ls = jpmm("ls", "-d", dir(), "-s", "lab");
            assertThat(ls.exitCode()).as(ls.toString()).isZero();
            assertThat(ls.out()).contains("matrix").contains("label");
            CliRun prefixed = jpmm("ls", "ma", "-d", dir(), "-s", "lab");
            assertThat(prefixed.out()).contains("matrix").doesNotContain("label");
            assertThat(jpmm("show", "label", "-d", dir(), "-s", "lab").out()).contains("run 8");
            assertThat(jpmm("info", "matrix", "-d", dir(), "-s", "lab").exitCode()).isZero();
            assertThat(jpmm("check", "-d", dir(), "-s", "lab").exitCode()).isZero();
            Path exported = directory.resolve("matrix.npy");
            assertThat(jpmm("export", "matrix", exported.toString(), "-d", dir(), "-s", "lab").exitCode()).isZero();
            assertThat(exported).exists();
            Path copy = directory.resolve("saved").resolve("copy.jpmm");
            Files.createDirectories(copy.getParent());
            CliRun backup = jpmm("backup", copy.toString(), "-d", dir(), "-s", "lab");
            assertThat(backup.exitCode()).as(backup.toString()).isZero();
            assertThat(backup.out()).contains("4 variables").contains(copy.toString());
            writer.put("label", "run 9");
            CliRun again = jpmm("backup", copy.toString(), "-d", dir(), "-s", "lab");
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("exists");
            assertThat(jpmm("backup", "--force", copy.toString(), "-d", dir(), "-s", "lab").exitCode()).isZero();
            CliRun erase = jpmm("erase", "label", "-d", dir(), "-s", "lab");
            assertThat(erase.exitCode()).isEqualTo(1);
            assertThat(erase.err()).contains("already open for writing").contains("lab.jpmm.lock");
        }
        CliRun copied = jpmm("show", "label", "-d", directory.resolve("saved").toString(), "-s", "copy");
        assertThat(copied.out()).contains("run 9");
    }
}
