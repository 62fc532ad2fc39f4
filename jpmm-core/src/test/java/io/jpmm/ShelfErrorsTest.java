package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.HoldShelfOpen;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShelfErrorsTest {
    @TempDir
    Path directory;

    /** A shelf that may not grow: these tests are about what happens when it is full. */
    private Shelf open(long sizeMb) {
        return Shelf.open("errors", ShelfOptions.at(directory).sizeMb(sizeMb).maxSizeMb(sizeMb));
    }

    @Test
    void unsupportedTypesNameTheVariableAndTheJavaTypeAndListWhatIsSupported() {
        try (Shelf shelf = open(1)) {
            for (Object value : new Object[] {new Object(), List.of(1), new Integer[] {1}, new double[2][2][2], Map.of()}) {
                assertThatThrownBy(() -> shelf.put("y", value))
                        .isInstanceOf(UnsupportedTypeException.class)
                        .hasMessageContaining("\"y\"")
                        .hasMessageContaining(value.getClass().getTypeName())
                        .hasMessageContaining("NdArray").hasMessageContaining("String");
            }
            assertThatThrownBy(() -> shelf.put("nothing", null))
                    .isInstanceOf(UnsupportedTypeException.class).hasMessageContaining("null");
            assertThat(shelf.names()).isEmpty();
        }
    }

    @Test
    void raggedTwoDimensionalArraysAreRefused() {
        try (Shelf shelf = open(1)) {
            assertThatThrownBy(() -> shelf.put("r", new double[][] {{1, 2}, {3}}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ragged");
            assertThatThrownBy(() -> shelf.put("r", new double[][] {{1, 2}, null}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\tname", "new\nline", "nul\u0000"})
    void invalidVariableNamesAreRefusedBeforeAnythingIsWritten(String name) {
        try (Shelf shelf = open(1)) {
            assertThatThrownBy(() -> shelf.put(name, 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid variable name");
            assertThat(shelf.names()).isEmpty();
        }
    }

    @Test
    void variableNamesMayBeAnyTextUpTo255Utf8BytesAndNeverBecomePaths() throws Exception {
        try (Shelf shelf = open(1)) {
            String longest = "é".repeat(127) + "x";
            shelf.put(longest, 1L);
            shelf.put("../../etc/passwd", 2L);
            shelf.put("\uD83D\uDE00 π", 3L);
            assertThat(shelf.names()).hasSize(3);
            assertThatThrownBy(() -> shelf.put(longest + "y", 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256 UTF-8 bytes");
            assertThatThrownBy(() -> shelf.put("bad\uD800", 1L))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid Unicode");
        }
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("errors.jpmm", "errors.jpmm.lock");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../up", "a/b", ".hidden", "space name",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void invalidShelfNamesAreRefused(String name) {
        assertThatThrownBy(() -> Shelf.open(name, ShelfOptions.at(directory)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid shelf name");
    }

    @Test
    void wrongKindGetsNameBothKinds() {
        try (Shelf shelf = open(1)) {
            shelf.put("matrix", new double[][] {{1}});
            shelf.put("text", "hi");
            shelf.put("ratio", 0.5);
            assertThatThrownBy(() -> shelf.string("matrix")).isInstanceOf(WrongKindException.class)
                    .hasMessage("variable \"matrix\" on shelf 'errors' is an array (float64 (1, 1)), not a string");
            assertThatThrownBy(() -> shelf.array("text")).isInstanceOf(WrongKindException.class)
                    .hasMessage("variable \"text\" on shelf 'errors' is a string, not an array");
            assertThatThrownBy(() -> shelf.longValue("ratio")).isInstanceOf(WrongKindException.class)
                    .hasMessageContaining("float64 scalar").hasMessageContaining("doubleValue");
            assertThatThrownBy(() -> shelf.booleanValue("ratio")).isInstanceOf(WrongKindException.class);
            assertThatThrownBy(() -> shelf.bytes("text")).isInstanceOf(WrongKindException.class);
        }
    }

    @Test
    void missingVariablesAreReportedByName() {
        try (Shelf shelf = open(1)) {
            assertThatThrownBy(() -> shelf.array("ghost")).isInstanceOf(NoSuchVariableException.class)
                    .hasMessage("shelf 'errors' has no variable \"ghost\"");
            assertThatThrownBy(() -> shelf.erase("ghost")).isInstanceOf(NoSuchVariableException.class);
            assertThatThrownBy(() -> shelf.rename("ghost", "x")).isInstanceOf(NoSuchVariableException.class);
        }
    }

    @Test
    void aFullShelfSaysNeededAndFreeBytesAndStaysUsable() {
        try (Shelf shelf = open(1)) {
            shelf.put("small", new long[] {1, 2, 3});
            long free = shelf.freeBytes();
            assertThatThrownBy(() -> shelf.put("huge", NdArray.allocate(DType.FLOAT64, 1 << 20)))
                    .isInstanceOfSatisfying(ShelfFullException.class, full -> {
                        assertThat(full.neededBytes()).isEqualTo(8L << 20);
                        assertThat(full.freeBytes()).isEqualTo(free);
                        assertThat(full.getMessage()).contains("\"huge\"").contains(Long.toString(8L << 20));
                    });
            assertThatThrownBy(() -> shelf.ndarray("huge", DType.FLOAT64, 1 << 20)).isInstanceOf(ShelfFullException.class);
            assertThat(shelf.freeBytes()).isEqualTo(free);
            assertThat(shelf.names()).containsExactly("small");
            shelf.put("fits", new long[100]);
            assertThat(shelf.array("small").toLongArray()).containsExactly(1, 2, 3);
        }
        try (Shelf shelf = open(1)) {
            assertThat(shelf.names()).containsExactly("fits", "small");
        }
    }

    @Test
    void usedPercentAndFreeBytesSayWhatReallyFitsWhenSmallVariablesPadToPages() {
        try (Shelf shelf = open(1)) {
            int stored = 0;
            try {
                while (true) {
                    shelf.put("s" + stored, new long[] {stored});
                    stored++;
                }
            } catch (ShelfFullException full) {
                assertThat(full.freeBytes()).as(full.getMessage()).isLessThan(full.neededBytes());
            }
            assertThat(stored).isGreaterThan(100);
            assertThat(shelf.freeBytes()).as("padding is not free space").isLessThan(4096);
            assertThat(shelf.usedPercent()).isGreaterThan(99.0);
        }
    }

    @Test
    void aFullErrorNeverNamesAFreePieceBigEnoughForWhatItRefused() {
        try (Shelf shelf = open(8)) {
            // Arrays over 2 MiB prefer 2 MiB boundaries, which fragments the shelf; every refusal must
            // still name a largest free piece smaller than what it needed.
            int refusals = 0;
            for (int i = 0; i < 12; i++) {
                try {
                    shelf.put("block" + i, NdArray.allocate(DType.INT8, 2_100_000 - 40_000L * (i % 3)));
                } catch (ShelfFullException full) {
                    String largest = full.getMessage().replaceAll(".*in pieces up to (\\d+) bytes.*", "$1");
                    assertThat(Long.parseLong(largest)).as(full.getMessage()).isLessThan(full.neededBytes());
                    refusals++;
                    shelf.erase("block" + (i - 1));
                }
            }
            assertThat(refusals).isPositive();
        }
    }

    @Test
    void fillingTheShelfWithSmallVariablesEndsInShelfFullNotACrash() {
        try (Shelf shelf = open(1)) {
            int stored = 0;
            try {
                while (true) {
                    shelf.put("v" + stored, new byte[Shelf.INLINE_BYTES + 1]);
                    stored++;
                }
            } catch (ShelfFullException full) {
                assertThat(full.getMessage()).contains("v" + stored);
            }
            assertThat(stored).isGreaterThan(100);
            shelf.erase("v0");
            shelf.put("again", new byte[Shelf.INLINE_BYTES + 1]);
            assertThat(shelf.names()).hasSize(stored);
        }
    }

    @Test
    void aShelfMethodAfterCloseIsAnIllegalStateButCloseAgainIsFine() {
        Shelf shelf = open(1);
        shelf.put("x", 1L);
        shelf.close();
        shelf.close();
        assertThatThrownBy(() -> shelf.get("x")).isInstanceOf(IllegalStateException.class)
                .hasMessage("shelf 'errors' is closed");
        assertThatThrownBy(() -> shelf.put("x", 2L)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void arraysOfAClosedShelfThrowAClearIllegalStateExceptionNotACrash() {
        NdArray x;
        NdArray row;
        try (Shelf shelf = open(1)) {
            x = shelf.ndarray("x", DType.FLOAT64, 10, 10);
            row = x.at(3);
        }
        for (Runnable use : List.<Runnable>of(() -> x.getDouble(0, 0), () -> x.set(1.0, 0, 0), () -> row.fill(2),
                x::sum, x::toString, x::segment, () -> x.at(1), row::copy)) {
            assertThatThrownBy(use::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("\"x\"").hasMessageContaining("closed");
        }
    }

    @Test
    void arraysOfErasedOrRenamedVariablesBecomeInvalid() {
        try (Shelf shelf = open(1)) {
            NdArray erased = shelf.ndarray("erased", DType.INT8, 4);
            NdArray renamed = shelf.ndarray("renamed", DType.INT8, 4);
            shelf.erase("erased");
            shelf.rename("renamed", "newName");
            assertThatThrownBy(() -> erased.getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was erased");
            assertThatThrownBy(() -> renamed.getLong(0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("renamed to \"newName\"");
            assertThat(shelf.array("newName").size()).isEqualTo(4);
        }
    }

    @Test
    void aReadOnlyShelfRefusesWritesClearly() {
        try (Shelf shelf = open(1)) {
            shelf.ndarray("x", DType.INT32, 3);
        }
        try (Shelf shelf = Shelf.open("errors", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.medium().mode()).isEqualTo(PersistMode.MSYNC);
            assertThat(shelf.isReadOnly()).isTrue();
            assertThatThrownBy(() -> shelf.put("y", 1L)).isInstanceOf(ReadOnlyShelfException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> shelf.erase("x")).isInstanceOf(ReadOnlyShelfException.class);
            assertThatThrownBy(() -> shelf.array("x").set(1L, 0)).isInstanceOf(ReadOnlyShelfException.class);
            assertThat(shelf.array("x").toIntArray()).containsExactly(0, 0, 0);
        }
    }

    @Test
    void openingAMissingShelfReadOnlyIsANoSuchShelf() {
        assertThatThrownBy(() -> Shelf.open("absent", ShelfOptions.at(directory).readOnly()))
                .isInstanceOf(NoSuchShelfException.class).hasMessageContaining("absent.jpmm");
    }

    @Test
    void aSecondWriterInTheSameJvmIsRefusedAndReadersOpenBesideTheWriter() {
        try (Shelf writer = open(1)) {
            writer.put("x", 1L);
            assertThatThrownBy(() -> open(1)).isInstanceOf(ShelfLockedException.class)
                    .hasMessageContaining("already open for writing in this JVM");
            try (Shelf reader = Shelf.open("errors", ShelfOptions.at(directory).readOnly())) {
                assertThat(reader.longValue("x")).isEqualTo(1);
            }
        }
        try (Shelf reader1 = Shelf.open("errors", ShelfOptions.at(directory).readOnly());
             Shelf reader2 = Shelf.open("errors", ShelfOptions.at(directory).readOnly());
             Shelf writer = open(1)) {
            writer.put("y", 2L);
            assertThat(reader1.names()).isEqualTo(reader2.names()).containsExactly("x");
        }
    }

    @Test
    void aWriterInAnotherProcessLocksOutWritersHereNamingItsProcessButNotReaders() throws Exception {
        open(1).close();
        Process holder = ChildJvm.start(HoldShelfOpen.class, directory.toString(), "errors", "write");
        try (var output = new BufferedReader(new InputStreamReader(holder.getInputStream()))) {
            assertThat(output.readLine()).startsWith("READY");
            assertThatThrownBy(() -> open(1)).isInstanceOf(ShelfLockedException.class)
                    .hasMessageContaining("another process").hasMessageContaining("process " + holder.pid())
                    .hasMessageContaining("errors.jpmm.lock");
            try (Shelf reader = Shelf.open("errors", ShelfOptions.at(directory).readOnly())) {
                assertThat(reader.names()).isEmpty();
            }
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        open(1).close();
    }

    @Test
    void readersInAnotherProcessShareTheShelfWithAWriter() throws Exception {
        try (Shelf shelf = open(1)) {
            shelf.put("x", 1L);
        }
        Process reader = ChildJvm.start(HoldShelfOpen.class, directory.toString(), "errors", "read");
        try (var output = new BufferedReader(new InputStreamReader(reader.getInputStream()))) {
            assertThat(output.readLine()).isEqualTo("READY 1");
            try (Shelf here = Shelf.open("errors", ShelfOptions.at(directory).readOnly())) {
                assertThat(here.longValue("x")).isEqualTo(1);
            }
            try (Shelf writer = open(1)) {
                writer.put("x", 2L);
            }
        } finally {
            reader.getOutputStream().close();
            reader.waitFor();
        }
    }

    @Test
    void aTruncatedFileIsReportedNotMapped() throws Exception {
        try (Shelf shelf = open(2)) {
            shelf.put("x", NdArray.allocate(DType.INT64, 1000));
        }
        Path file = directory.resolve("errors.jpmm");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(1 << 20);
        }
        assertThatThrownBy(() -> open(2)).isInstanceOf(ShelfCorruptedException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }

    @Test
    void filesThatAreNotShelvesAreReportedAsCorrupted() throws Exception {
        Path file = directory.resolve("errors.jpmm");
        List<byte[]> contents = new ArrayList<>(List.of(new byte[0], new byte[100], "hello".repeat(5000).getBytes()));
        byte[] random = new byte[1 << 16];
        new java.util.Random(7).nextBytes(random);
        contents.add(random);
        for (byte[] content : contents) {
            Files.write(file, content);
            assertThatThrownBy(() -> open(1)).isInstanceOf(ShelfCorruptedException.class)
                    .hasMessageContaining(file.toString());
        }
    }

    @Test
    void aShelfWrittenByANewerFormatIsRefusedWithTheVersion() throws Exception {
        open(1).close();
        Path file = directory.resolve("errors.jpmm");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            var slot = java.nio.ByteBuffer.allocate(4096).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.read(slot, 4096);
            slot.putInt(8, Shelf.FORMAT_VERSION + 1);
            var crc = new java.util.zip.CRC32C();
            crc.update(slot.array(), 0, 4092);
            slot.putInt(4092, (int) crc.getValue());
            channel.write(slot.flip(), 4096);
        }
        assertThatThrownBy(() -> open(1)).isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("format version " + (Shelf.FORMAT_VERSION + 1));
    }
}
