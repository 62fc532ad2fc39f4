package io.jpmm;

import io.jpmm.testkit.SimulatedMedium;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Table variables: put atomically with every buffer filled in place, read in place, listed as one variable. */
class ShelfTableTest {
    @TempDir
    Path directory;

    /** Puts a table of {@code rows}: id int64, score float64 (every third row null), name utf8 (every fifth null), tag 4 bytes. */
    static Table putPeople(Shelf shelf, String name, int rows, long version) {
        String[] names = new String[rows];
        long textBytes = 0;
        for (int i = 0; i < rows; i++) {
            names[i] = i % 5 == 4 ? null : "v" + version + "-person " + i + (i % 7 == 0 ? " ünï" : "");
            textBytes += names[i] == null ? 0 : names[i].getBytes(StandardCharsets.UTF_8).length;
        }
        var spec = TableSpec.of(rows,
                ColumnSpec.of("id", DType.INT64),
                ColumnSpec.of("score", DType.FLOAT64).withNulls(),
                ColumnSpec.utf8("name", textBytes).withNulls(),
                ColumnSpec.fixedWidth("tag", 4));
        return shelf.putTable(name, spec, table -> {
            MemorySegment validScore = table.validity(1);
            MemorySegment validName = table.validity(2);
            validScore.fill((byte) 0);
            validName.fill((byte) 0);
            long offset = 0;
            table.offsets(2).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 0, 0);
            for (int i = 0; i < rows; i++) {
                table.values(0).setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, version * 1000 + i);
                if (i % 3 != 2) {
                    table.values(1).setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED, i, i / 2.0);
                    setBit(validScore, i);
                }
                if (names[i] != null) {
                    byte[] utf8 = names[i].getBytes(StandardCharsets.UTF_8);
                    MemorySegment.copy(MemorySegment.ofArray(utf8), 0, table.values(2), offset, utf8.length);
                    offset += utf8.length;
                    setBit(validName, i);
                }
                table.offsets(2).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i + 1, (int) offset);
                table.values(3).asSlice(4L * i, 4).copyFrom(MemorySegment.ofArray(new byte[] {'t', (byte) i, 0, (byte) version}));
            }
        });
    }

    static void checkPeople(Table table, int rows, long version) {
        assertThat(table.rows()).isEqualTo(rows);
        assertThat(table.columnNames()).containsExactly("id", "score", "name", "tag");
        assertThat(table.column("score").nullCount()).isEqualTo(rows / 3);
        assertThat(table.column("name").nullCount()).isEqualTo(rows / 5);
        for (int i = 0; i < rows; i++) {
            assertThat(table.column("id").get(i)).isEqualTo(version * 1000 + i);
            assertThat(table.column("score").get(i)).isEqualTo(i % 3 == 2 ? null : i / 2.0);
            assertThat(table.column("name").get(i))
                    .isEqualTo(i % 5 == 4 ? null : "v" + version + "-person " + i + (i % 7 == 0 ? " ünï" : ""));
            assertThat(table.column("tag").bytes(i)).containsExactly('t', (byte) i, 0, (byte) version);
        }
    }

    private static void setBit(MemorySegment bitmap, long row) {
        byte bits = bitmap.get(ValueLayout.JAVA_BYTE, row >>> 3);
        bitmap.set(ValueLayout.JAVA_BYTE, row >>> 3, (byte) (bits | (1 << (row & 7))));
    }

    @Test
    void aTableIsPutReadInPlaceAndSurvivesAReopen() {
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(4))) {
            Table people = putPeople(shelf, "people", 1001, 1);
            checkPeople(people, 1001, 1);
            assertThat(people.column("id").values().sum().getLong()).isEqualTo(1000L * 1001 + 1001L * 1000 / 2);
            assertThat(people.column("name").offsets()).get().extracting(NdArray::dtype).isEqualTo(DType.INT32);
            assertThat(people.column("tag").values().shape()).containsExactly(1001, 4);
            assertThat(people.toString()).isEqualTo("people: table of 1001 rows, columns id int64, score float64?, "
                    + "name utf8?, tag fixed_binary");
        }
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory))) {
            assertThat(shelf.names()).containsExactly("people");
            VariableInfo info = shelf.info("people");
            assertThat(info.kind()).isEqualTo(VariableKind.TABLE);
            assertThat(info.toString()).startsWith("people: table, ");
            Table people = (Table) shelf.get("people");
            checkPeople(people, 1001, 1);
            // Fixed-width values are written in place like an array; offsets are not.
            people.column("id").values().set(-5L, 3);
            assertThatThrownBy(() -> people.column("name").offsets().orElseThrow().set(0L, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
            assertThat(shelf.check().ok()).isTrue();
        }
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.table("people").column("id").values().getLong(3)).isEqualTo(-5L);
        }
    }

    @Test
    void aFillerThatFailsOrLeavesBadOffsetsChangesNothing() {
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(4))) {
            putPeople(shelf, "people", 10, 1);
            long used = shelf.usedBytes();
            var spec = TableSpec.of(2, ColumnSpec.utf8("s", 3));
            assertThatThrownBy(() -> shelf.putTable("people", spec, table -> {
                throw new IOException("source went away");
            })).isInstanceOf(IOException.class).hasMessage("source went away");
            assertThatThrownBy(() -> shelf.putTable("people", spec, table -> {
                table.offsets(0).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 0, 0);
                table.offsets(0).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 1, 2);
                table.offsets(0).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, 2, 1);
            })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("column \"s\": offset 1 of row 2 is below the one before it (2)");
            assertThatThrownBy(() -> shelf.putTable("people", spec, table -> {
                table.offsets(0).fill((byte) 0);
            })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("column \"s\": the last offset is 0, not the 3 value bytes the column was made with");
            assertThatThrownBy(() -> shelf.putTable("people", spec, table -> table.validity(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("column \"s\" has no validity bitmap (it is not nullable)");
            checkPeople(shelf.table("people"), 10, 1);
            assertThat(shelf.usedBytes()).isEqualTo(used);
        }
    }

    @Test
    void specsThatCannotBeAreRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> TableSpec.of(-1, ColumnSpec.of("a", DType.INT8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a table has -1 rows");
        assertThatThrownBy(() -> TableSpec.of(1, ColumnSpec.of("a", DType.INT8), ColumnSpec.of("a", DType.INT16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two columns are called \"a\"");
        assertThatThrownBy(() -> new TableSpec(1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColumnSpec.fixedWidth("f", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column \"f\": width 0 ≤ 0");
        assertThatThrownBy(() -> new ColumnSpec("v", ColumnLayout.VARIABLE, DType.FLOAT32, 0, 1, false, "utf8"))
                .hasMessage("column \"v\": offsets are int32 or int64, not float32");
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(1))) {
            assertThatThrownBy(() -> shelf.putTable("huge", TableSpec.of(Long.MAX_VALUE / 4, ColumnSpec.of("a", DType.INT64)),
                    table -> { })).isInstanceOf(ArithmeticException.class);
            assertThatThrownBy(() -> shelf.putTable("big", TableSpec.of(1L << 40, ColumnSpec.of("a", DType.INT8)),
                    table -> { })).isInstanceOf(ShelfFullException.class);
            assertThat(shelf.names()).isEmpty();
        }
    }

    @Test
    void aTableIsAVariableLikeAnyOther() {
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(4))) {
            putPeople(shelf, "people", 20, 1);
            Table before = shelf.table("people");
            assertThatThrownBy(() -> shelf.array("people")).isInstanceOf(WrongKindException.class)
                    .hasMessageContaining("is a table, not an array");
            assertThatThrownBy(() -> before.column("nope")).hasMessageContaining("has no column \"nope\"");
            assertThatThrownBy(() -> before.column("id").string(0)).isInstanceOf(WrongKindException.class);
            assertThatThrownBy(() -> before.column("id").get(20)).isInstanceOf(IndexOutOfBoundsException.class);
            shelf.put("x", 1L);
            assertThatThrownBy(() -> shelf.table("x")).isInstanceOf(WrongKindException.class);
            putPeople(shelf, "people", 30, 2);
            assertThatThrownBy(() -> before.column("id").get(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("can no longer be used");
            shelf.rename("people", "folks");
            checkPeople(shelf.table("folks"), 30, 2);
            try (ShelfTransaction tx = shelf.begin()) {
                putPeople(shelf, "folks", 40, 3);
                putPeople(shelf, "others", 5, 3);
                tx.rollback();
            }
            checkPeople(shelf.table("folks"), 30, 2);
            assertThat(shelf.contains("others")).isFalse();
            shelf.transaction(tx -> {
                putPeople(shelf, "folks", 40, 4);
                shelf.erase("x");
            });
            checkPeople(shelf.table("folks"), 40, 4);
            assertThat(shelf.compact()).isNotNegative();
            checkPeople(shelf.table("folks"), 40, 4);
            shelf.erase("folks");
            assertThat(shelf.names()).isEmpty();
        }
    }

    @Test
    void aDamagedTableHeaderIsReportedWithTheFileAndOffset() throws IOException {
        long offset;
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(4))) {
            putPeople(shelf, "people", 20, 1);
            offset = shelf.location("people").orElseThrow().offset();
        }
        try (FileChannel file = FileChannel.open(directory.resolve("t.jpmm"), StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xEE}), offset + 40);
        }
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory))) {
            assertThatThrownBy(() -> shelf.table("people")).isInstanceOf(ShelfCorruptedException.class)
                    .hasMessageContaining("t.jpmm").hasMessageContaining("table \"people\": the table header's CRC32C");
            assertThat(shelf.check().problems()).containsExactly("table \"people\": the table header's CRC32C does not"
                    + " match: it is damaged");
            shelf.put("still", "usable");
            assertThat(shelf.string("still")).isEqualTo("usable");
        }
    }

    /** Offsets damaged after the commit are reported by check() and by the row they break, never read past the values. */
    @Test
    void damagedOffsetsAreReportedNotFollowed() throws IOException {
        long offset;
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory).sizeMb(4))) {
            shelf.putTable("s", TableSpec.of(2, ColumnSpec.utf8("s", 4)), table -> {
                for (int i = 0; i <= 2; i++) {
                    table.offsets(0).setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, 2 * i);
                }
                table.values(0).copyFrom(MemorySegment.ofArray("abcd".getBytes(StandardCharsets.UTF_8)));
            });
            offset = shelf.location("s").orElseThrow().offset();
        }
        // The header of one utf8 column "s" takes 105 bytes, so the offsets start at 128.
        try (FileChannel file = FileChannel.open(directory.resolve("t.jpmm"), StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, 99), offset + 128 + 4);
        }
        try (Shelf shelf = Shelf.open("t", ShelfOptions.at(directory))) {
            assertThat(shelf.check().problems()).containsExactly("table \"s\": column \"s\": offset 4 of row 2 is below"
                    + " the one before it (99)");
            TableColumn column = shelf.table("s").column("s");
            assertThatThrownBy(() -> column.string(0)).isInstanceOf(ShelfCorruptedException.class)
                    .hasMessageContaining("row 0 has offsets 0..99 outside its 4 value bytes");
        }
    }

    /** Power loss at every persist point of table puts: each recovered shelf holds one whole version. */
    @Test
    void aTablePutIsAllOrNothingAtEveryPersistPoint() throws IOException {
        Path live = Files.createDirectories(directory.resolve("live"));
        Path image = directory.resolve("image");
        var medium = new SimulatedMedium();
        var random = new Random(3);
        long[] committed = {0};
        int[] images = {0};
        medium.onPersist(point -> {
            for (SimulatedMedium.Model model : SimulatedMedium.Model.values()) {
                try {
                    deleteRecursively(image);
                    medium.writeCrashImage(live, image, model, random);
                    try (Shelf shelf = Shelf.open("sim", ShelfOptions.at(image))) {
                        if (shelf.contains("people")) {
                            Table table = shelf.table("people");
                            long version = (long) table.column("id").get(0) / 1000;
                            assertThat(version).as("persist point %d, %s", point, model)
                                    .isBetween(committed[0], committed[0] + 1);
                            checkPeople(table, 100 + (int) version, version);
                        } else {
                            assertThat(committed[0]).isZero();
                        }
                        assertThat(shelf.check().ok()).isTrue();
                    }
                    images[0]++;
                } catch (IOException failure) {
                    throw new java.io.UncheckedIOException(failure);
                }
            }
        });
        try (Shelf shelf = ShelvesOnMedium.open("sim", ShelfOptions.at(live).sizeBytes(512 << 10), medium)) {
            for (int version = 1; version <= 6; version++) {
                putPeople(shelf, "people", 100 + version, version);
                committed[0] = version;
            }
        }
        assertThat(images[0]).isGreaterThan(6 * 2 * SimulatedMedium.Model.values().length);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        }
    }
}
