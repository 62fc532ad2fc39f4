package io.jpmm.arrow;

import io.jpmm.Shelf;
import io.jpmm.Table;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.Oracle;
import io.jpmm.testkit.ReadmeExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The Arrow example in README.md compiles as written and, run beside trips.feather, does what its comments say. */
class ArrowReadmeExampleTest {
    @TempDir
    Path directory;

    @Test
    void theArrowExampleCompilesAndRuns() throws Exception {
        ReadmeExamples.compile(ReadmeExamples.snippet("ArrowReadmeExampleTest"), directory);
        Files.copy(Oracle.fixtures("arrow_tables").resolve("trips.feather"), directory.resolve("trips.feather"));
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaExecutable().toString(),
                "-Djpmm.path=" + directory.resolve("shelves"),
                "-cp", directory + java.io.File.pathSeparator + System.getProperty("java.class.path"), "ReadmeExample"));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String printed = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).isEqualTo("""
                trips: table of 3 rows, columns city utf8?, fare float64?
                49.75
                null
                """);
        try (Shelf shelf = Shelf.open("trips", ShelfOptions.at(directory.resolve("shelves")))) {
            Table again = ArrowIpc.importTable(shelf, "again", directory.resolve("trips.arrow"));
            assertThat(again.column("city").get(1)).isEqualTo("Lima");
        }
    }
}
