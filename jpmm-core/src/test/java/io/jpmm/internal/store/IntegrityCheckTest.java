package io.jpmm.internal.store;

import io.jpmm.DType;
import io.jpmm.IntegrityReport;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrityCheckTest {
    @TempDir
    Path directory;

    private Shelf open() {
        return Shelf.open("checked", ShelfOptions.at(directory).sizeMb(4).dataChecksums());
    }

    @Test
    void aHealthyShelfPassesAndItsDataChecksumsAreVerified() {
        try (Shelf shelf = open()) {
            shelf.put("a", NdArray.of(1.0, 2.0));
            shelf.put("b", "text");
            shelf.ndarray("inPlace", DType.INT8, 10);
            IntegrityReport report = shelf.check();
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.variables()).isEqualTo(3);
            // "b" is a small value kept in the catalog: its commit frame's checksum covers it.
            assertThat(report.checksumsVerified()).isEqualTo(1);
        }
    }

    @Test
    void damagedDataIsFoundByItsChecksum() throws Exception {
        long offset;
        try (Shelf shelf = open()) {
            shelf.put("a", NdArray.of(1.0, 2.0));
        }
        var frames = ShelfFileInspector.framesOfActiveHalf(directory.resolve("checked.jpmm"));
        var put = (LogRecord.Put) ShelfFileInspector.recordAt(directory.resolve("checked.jpmm"), frames.get(1));
        offset = put.entry().extent().offset();
        ShelfFileInspector.flipByte(directory.resolve("checked.jpmm"), offset + 3);
        try (Shelf shelf = open()) {
            IntegrityReport report = shelf.check();
            assertThat(report.ok()).isFalse();
            assertThat(report.problems()).singleElement().asString().contains("\"a\"").contains("data checksum");
        }
    }

    @Test
    void takingAWritableReferenceDropsTheChecksumSoInPlaceWritesAreNotReportedAsDamage() {
        try (Shelf shelf = open()) {
            shelf.put("a", NdArray.of(1.0, 2.0));
            shelf.array("a").set(5.0, 0);
            IntegrityReport report = shelf.check();
            assertThat(report.ok()).as(report.toString()).isTrue();
            assertThat(report.checksumsVerified()).isZero();
        }
        try (Shelf shelf = open()) {
            assertThat(shelf.array("a").getDouble(0)).isEqualTo(5.0);
            assertThat(shelf.check().ok()).isTrue();
        }
    }

    @Test
    void aDamagedSpareSuperblockIsReportedByAReaderAndRepairedByTheNextWriter() throws Exception {
        try (Shelf shelf = open()) {
            shelf.put("a", 1L);
        }
        Path file = directory.resolve("checked.jpmm");
        int spare = 1 - ShelfFileInspector.currentSlot(file);
        ShelfFileInspector.write(file, (long) spare * Layout.SLOT_SIZE, "JPMMSHLF-garbage".getBytes());
        try (Shelf reader = Shelf.open("checked", ShelfOptions.at(directory).readOnly())) {
            assertThat(reader.longValue("a")).isEqualTo(1);
            assertThat(reader.check().problems()).singleElement().asString().contains("slot " + spare).contains("damaged");
        }
        try (Shelf writer = open()) {
            assertThat(writer.check().ok()).isTrue();
        }
        assertThat(ShelfFileInspector.slot(file, 0)).isInstanceOf(SuperblockCodec.Slot.Valid.class);
        assertThat(ShelfFileInspector.slot(file, 1)).isInstanceOf(SuperblockCodec.Slot.Valid.class);
    }

    @Test
    void checkingWhileOtherThreadsPutStillAddsUp() throws Exception {
        try (Shelf shelf = open()) {
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    shelf.put("v" + (i % 5), NdArray.allocate(DType.FLOAT64, 1000 + i));
                }
            });
            while (writer.isAlive()) {
                IntegrityReport report = shelf.check();
                assertThat(report.ok()).as(report.toString()).isTrue();
                Thread.sleep(2);
            }
            writer.join();
        }
    }
}
