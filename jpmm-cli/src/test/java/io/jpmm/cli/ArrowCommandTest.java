package io.jpmm.cli;

import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.Table;
import io.jpmm.TableSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** jpmm import, export, ls and show of tables: Arrow files and streams, recognised by content or name. */
class ArrowCommandTest {
    @TempDir
    Path directory;

    private String dir() {
        return directory.toString();
    }

    /** A table of two rows: id int64, city utf8 with a null. */
    private void putCities(Shelf shelf) {
        shelf.putTable("cities", TableSpec.of(2, ColumnSpec.of("id", DType.INT64), ColumnSpec.utf8("city", 4).withNulls()),
                table -> {
                    table.values(0).setAtIndex(ValueLayout.JAVA_LONG, 0, 7);
                    table.values(0).setAtIndex(ValueLayout.JAVA_LONG, 1, -8);
                    table.validity(1).set(ValueLayout.JAVA_BYTE, 0, (byte) 0b01);
                    MemorySegment offsets = table.offsets(1);
                    offsets.setAtIndex(ValueLayout.JAVA_INT, 0, 0);
                    offsets.setAtIndex(ValueLayout.JAVA_INT, 1, 4);
                    offsets.setAtIndex(ValueLayout.JAVA_INT, 2, 4);
                    table.values(1).copyFrom(MemorySegment.ofArray("Oslo".getBytes()));
                });
    }

    @Test
    void aTableGoesOutAsArrowAndComesBackListedAndShown() throws Exception {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            putCities(shelf);
        }
        for (String name : new String[] {"cities.arrow", "cities.arrows"}) {
            Path out = directory.resolve(name);
            CliRun exported = CliRun.of("export", "cities", out.toString(), "-d", dir(), "-s", "lab");
            assertThat(exported.exitCode()).as(exported.toString()).isZero();
            assertThat(exported.out()).isEqualTo("exported table cities (2 rows, 2 columns) to " + out + "\n");
            // Recognised by its first bytes, whatever the file is called.
            Path renamed = Files.move(out, directory.resolve(name + ".bin"));
            CliRun imported = CliRun.of("import", renamed.toString(), "back", "-d", dir(), "-s", "other");
            assertThat(imported.exitCode()).as(imported.toString()).isZero();
            assertThat(imported.out()).isEqualTo("imported " + renamed + " as back: table of 2 rows, 2 columns\n");
            try (Shelf shelf = Shelf.open("other", ShelfOptions.at(directory).readOnly())) {
                Table back = shelf.table("back");
                assertThat(back.column("id").values().toLongArray()).containsExactly(7, -8);
                assertThat(back.column("city").get(0)).isEqualTo("Oslo");
                assertThat(back.column("city").get(1)).isNull();
            }
        }
        CliRun ls = CliRun.of("ls", "-d", dir(), "-s", "other");
        assertThat(ls.out()).isEqualTo("""
                NAME  KIND   DTYPE  SHAPE   BYTES
                back  table  -      (2, 2)  448
                """);
        CliRun show = CliRun.of("show", "back", "-d", dir(), "-s", "other");
        assertThat(show.out()).isEqualTo("""
                back: table of 2 rows, columns id int64, city utf8?
                id  city
                7   Oslo
                -8  null
                """);
    }

    @Test
    void misuseExitsWith2AndAnArrayOrABrokenFileWith1() throws Exception {
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).sizeMb(4))) {
            putCities(shelf);
            shelf.put("w", NdArray.of(1.0, 2.0));
        }
        CliRun two = CliRun.of("export", "cities", "w", directory.resolve("t.arrow").toString(), "-d", dir(), "-s", "lab");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).startsWith("jpmm: an Arrow file holds one table: give one NAME, then FILE\n");
        CliRun array = CliRun.of("export", "w", directory.resolve("w.arrow").toString(), "-d", dir(), "-s", "lab");
        assertThat(array.exitCode()).isEqualTo(1);
        assertThat(array.err()).contains("is an array (float64 (2,)), not a table");
        CliRun npy = CliRun.of("export", "cities", directory.resolve("c.npy").toString(), "-d", dir(), "-s", "lab");
        assertThat(npy.exitCode()).isEqualTo(1);
        assertThat(npy.err()).contains("is a table, not an array");
        Path broken = Files.write(directory.resolve("broken.arrow"), "ARROW1\0\0 not really".getBytes());
        CliRun bad = CliRun.of("import", broken.toString(), "x", "-d", dir(), "-s", "lab");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).startsWith("jpmm: " + broken).doesNotContain("Exception");
        try (Shelf shelf = Shelf.open("lab", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("cities", "w");
        }
    }
}
