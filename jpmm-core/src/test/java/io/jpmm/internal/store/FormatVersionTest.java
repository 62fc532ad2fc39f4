package io.jpmm.internal.store;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.ShelvesOnMedium;
import io.jpmm.testkit.SimulatedMedium;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The format version policy: a shelf of every older version (made by the jpmm that wrote it:
 * format/versionN/MakeVersionNShelf.java) is read as it is by readers, and upgraded to the current
 * version when a writer opens it; an upgrade cut short by a crash leaves a shelf that opens.
 */
class FormatVersionTest {
    @TempDir
    Path directory;

    private Path olderShelf(int version, Path into) throws Exception {
        Files.createDirectories(into);
        try (InputStream fixture = getClass().getResourceAsStream("/format/version" + version + "/legacy.jpmm")) {
            Files.copy(fixture, into.resolve("legacy.jpmm"));
        }
        return into.resolve("legacy.jpmm");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void aReaderReadsAnOlderVersionAsItIsAndChangesNothing(int version) throws Exception {
        Path file = olderShelf(version, directory);
        byte[] before = Files.readAllBytes(file);
        try (Shelf shelf = Shelf.open("legacy", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.formatVersion()).isEqualTo(version);
            assertHoldsWhatVersionOneWrote(shelf);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
            assertThat(shelf.check().formatVersion()).isEqualTo(version);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void aWriterUpgradesAnOlderVersionToTheCurrentVersionKeepingEveryVariable(int version) throws Exception {
        Path file = olderShelf(version, directory);
        try (Shelf shelf = Shelf.open("legacy", ShelfOptions.at(directory))) {
            assertThat(shelf.formatVersion()).isEqualTo(Shelf.FORMAT_VERSION);
            assertHoldsWhatVersionOneWrote(shelf);
            shelf.put("added", NdArray.of(4.0, 5.0));
            shelf.array("inplace").set(8L, 0);
        }
        assertThat(ShelfFileInspector.current(file).version()).isEqualTo(Layout.FORMAT_VERSION);
        assertThat(ShelfFileInspector.current(file).logNonce()).isNotZero();
        try (Shelf shelf = Shelf.open("legacy", ShelfOptions.at(directory))) {
            assertThat(shelf.formatVersion()).isEqualTo(Shelf.FORMAT_VERSION);
            assertThat(shelf.array("added").toDoubleArray()).containsExactly(4.0, 5.0);
            assertThat(shelf.array("inplace").toLongArray()).containsExactly(8, 7, 7, 7, 7);
            assertThat(shelf.check().ok()).as(shelf.check().toString()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void anUpgradeCutShortAtAnyPersistPointLeavesAShelfThatOpensWithEverything(int version) throws Exception {
        Path live = directory.resolve("live");
        olderShelf(version, live);
        var medium = new SimulatedMedium();
        var random = new Random(7);
        int[] images = {0};
        medium.onPersist(point -> {
            try {
                Path image = directory.resolve("image-" + point);
                medium.writeCrashImage(live, image, SimulatedMedium.Model.DISK_PAGES, random);
                try (Shelf shelf = Shelf.open("legacy", ShelfOptions.at(image))) {
                    assertHoldsWhatVersionOneWrote(shelf);
                    assertThat(shelf.formatVersion()).isEqualTo(Shelf.FORMAT_VERSION);
                    assertThat(shelf.check().ok()).as("crash at persist %d: %s", point, shelf.check()).isTrue();
                }
                images[0]++;
            } catch (Exception failure) {
                throw new AssertionError("crash image at persist point " + point + ": " + failure, failure);
            }
        });
        ShelvesOnMedium.open("legacy", ShelfOptions.at(live), medium).close();
        assertThat(images[0]).as("persist points of the upgrade").isGreaterThanOrEqualTo(2);
    }

    private static void assertHoldsWhatVersionOneWrote(Shelf shelf) {
        String counter = "counter_" + "x".repeat(240);
        assertThat(shelf.names()).containsExactlyInAnyOrder("blob", counter, "counts", "epoch", "flag", "inplace",
                "label", "matrix", "renamed");
        NdArray matrix = shelf.array("matrix");
        assertThat(matrix.shape()).containsExactly(3, 4);
        assertThat(matrix.toDoubleArray()).containsExactly(0, 1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12, 13.5, 15, 16.5);
        assertThat(shelf.array("counts").toIntArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(shelf.string("label")).isEqualTo("version one");
        assertThat(shelf.bytes("blob")).containsExactly(1, 2, 3);
        assertThat(shelf.longValue("epoch")).isEqualTo(-3);
        assertThat(shelf.booleanValue("flag")).isTrue();
        assertThat(shelf.array("renamed").dtype()).isEqualTo(DType.FLOAT32);
        assertThat(shelf.array("renamed").toFloatArray()).containsExactly(1.5f, 2.5f);
        assertThat(Arrays.stream(shelf.array("inplace").toLongArray()).skip(1)).containsOnly(7L);
        assertThat(shelf.longValue(counter)).isEqualTo(59);
    }
}
