package io.jpmm;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShelfCatalogTest {
    @TempDir
    Path directory;
    Shelf shelf;

    @BeforeEach
    void open() {
        shelf = Shelf.open("catalog", ShelfOptions.at(directory).sizeMb(16));
    }

    @AfterEach
    void close() {
        shelf.close();
    }

    @Test
    void namesAreSortedAndContainsFollowsPutsAndErases() {
        shelf.put("b", 1L);
        shelf.put("a", "text");
        shelf.put("c", new double[] {1});
        assertThat(shelf.names()).containsExactly("a", "b", "c");
        shelf.erase("b");
        assertThat(shelf.names()).containsExactly("a", "c");
        assertThat(shelf.contains("b")).isFalse();
        assertThat(shelf.contains("a")).isTrue();
    }

    @Test
    void replacingAVariableChangesItsValueKindAndSize() {
        shelf.put("x", new long[] {1, 2, 3});
        shelf.put("x", "now a string");
        assertThat(shelf.info("x")).isEqualTo(new VariableInfo("x", VariableKind.STRING, DType.UINT8, Shape.of(12), 12));
        shelf.put("x", NdArray.allocate(DType.FLOAT32, 2, 3).fill(1.5));
        assertThat(shelf.info("x").toString()).isEqualTo("x: array float32 (2, 3), 24 bytes");
        assertThat(shelf.array("x").sum().getDouble()).isEqualTo(9.0);
    }

    @Test
    void usedBytesGrowWithPutsAndComeBackAfterErase() {
        long empty = shelf.usedBytes();
        shelf.put("big", NdArray.allocate(DType.FLOAT64, 1000, 1000));
        long withBig = shelf.usedBytes();
        assertThat(withBig - empty).isGreaterThanOrEqualTo(8_000_000);
        assertThat(shelf.usedPercent()).isGreaterThan(100.0 * 8_000_000 / shelf.capacityBytes());
        shelf.put("big", NdArray.allocate(DType.FLOAT64, 10));
        assertThat(shelf.usedBytes()).isLessThan(withBig);
        shelf.erase("big");
        assertThat(shelf.usedBytes()).isEqualTo(empty);
    }

    @Test
    void usedPlusFreeIsAlwaysTheCapacity() {
        long capacity = shelf.capacityBytes();
        for (int i = 0; i < 50; i++) {
            shelf.put("v" + (i % 7), new byte[i * 1000]);
            if (i % 5 == 0) {
                shelf.erase("v" + (i % 7));
            }
            assertThat(shelf.usedBytes() + shelf.freeBytes()).isEqualTo(capacity);
        }
        assertThat(capacity).isLessThanOrEqualTo(16L << 20).isGreaterThan(15L << 20);
    }

    @Test
    void renameMovesTheValueAndReplacesTheTarget() {
        shelf.put("old", new int[] {1, 2});
        shelf.put("target", "replaced");
        shelf.rename("old", "target");
        assertThat(shelf.names()).containsExactly("target");
        assertThat(shelf.array("target").toIntArray()).containsExactly(1, 2);
    }

    @Test
    void stateAfterReopenIsTheLastCommittedOne() {
        shelf.put("keep", -1L);
        shelf.put("gone", 2L);
        shelf.erase("gone");
        shelf.put("renamed", 3L);
        shelf.rename("renamed", "final");
        shelf.close();
        shelf = Shelf.open("catalog", ShelfOptions.at(directory));
        assertThat(shelf.names()).containsExactly("final", "keep");
        assertThat(shelf.longValue("keep")).isEqualTo(-1);
        assertThat(shelf.longValue("final")).isEqualTo(3);
    }

    @Test
    void scalarsReadBackAsTheirBoxedTypeAndThroughTypedGetters() {
        shelf.put("i", -42);
        shelf.put("d", -2.5);
        shelf.put("flag", true);
        assertThat(shelf.get("i")).isEqualTo(-42);
        assertThat(shelf.longValue("i")).isEqualTo(-42);
        assertThat(shelf.doubleValue("i")).isEqualTo(-42.0);
        assertThat(shelf.doubleValue("d")).isEqualTo(-2.5);
        assertThat(shelf.booleanValue("flag")).isTrue();
        assertThat(shelf.longValue("flag")).isEqualTo(1);
    }

    @Test
    void byteArraysAreBlobsAndNdArrayCopyOfMakesThemInt8Arrays() {
        shelf.put("blob", new byte[] {1, -2});
        shelf.put("int8", NdArray.copyOf(new byte[] {1, -2}));
        assertThat(shelf.bytes("blob")).containsExactly(1, -2);
        assertThat(shelf.info("int8").kind()).isEqualTo(VariableKind.ARRAY);
        assertThat(shelf.array("int8").dtype()).isEqualTo(DType.INT8);
    }

    @Test
    void putCopiesArraysFromOtherShelvesAndFromViews() {
        try (Shelf other = Shelf.open("other", ShelfOptions.at(directory).sizeMb(1))) {
            NdArray source = other.ndarray("m", DType.INT32, 4, 4);
            source.copyFrom(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
            shelf.put("copy", source);
            shelf.put("column", source.slice(1, 2, 3));
        }
        assertThat(shelf.array("copy").getLong(3, 3)).isEqualTo(15);
        assertThat(shelf.array("column").toIntArray()).containsExactly(2, 6, 10, 14);
        assertThat(shelf.array("column").shape()).containsExactly(4, 1);
    }

    @Test
    void aVariableCanBeReplacedByACopyOfItsOwnView() {
        NdArray x = shelf.ndarray("x", DType.INT64, 3, 3);
        x.copyFrom(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        shelf.put("x", x.diagonal());
        assertThat(shelf.array("x").toLongArray()).containsExactly(1, 5, 9);
        assertThatThrownBy(() -> x.getLong(0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"x\"").hasMessageContaining("replaced");
    }

    @Test
    void mediumSaysHowWritesBecomeDurable() {
        MediumInfo medium = shelf.medium();
        assertThat(medium.mode()).isEqualTo(PersistMode.MSYNC);
        assertThat(medium.file()).isEqualTo(directory.resolve("catalog.jpmm"));
        assertThat(medium.toString()).contains("msync").contains(medium.fileSystem());
    }

    @Test
    void theShelfFileIsOwnerOnly() throws Exception {
        var permissions = java.nio.file.Files.getPosixFilePermissions(directory.resolve("catalog.jpmm"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(permissions)).isEqualTo("rw-------");
    }

    @Test
    void forceNewReplacesAnExistingShelfWithAnEmptyOne() {
        shelf.put("x", 1L);
        shelf.close();
        shelf = Shelf.open("catalog", ShelfOptions.at(directory).forceNew());
        assertThat(shelf.names()).isEmpty();
    }

    @Test
    void manyVariablesOutgrowTheInitialLogAndSurviveReopen() {
        for (int i = 0; i < 3000; i++) {
            shelf.put("variable-with-a-longish-name-" + i, (long) -i);
        }
        for (int i = 0; i < 3000; i += 2) {
            shelf.erase("variable-with-a-longish-name-" + i);
        }
        shelf.close();
        shelf = Shelf.open("catalog", ShelfOptions.at(directory));
        assertThat(shelf.names()).hasSize(1500);
        assertThat(shelf.longValue("variable-with-a-longish-name-2999")).isEqualTo(-2999);
        assertThat(shelf.usedBytes() + shelf.freeBytes()).isEqualTo(shelf.capacityBytes());
    }
}
