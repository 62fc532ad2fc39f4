package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {
    private static final CatalogEntry MATRIX = new CatalogEntry("matrix", StoredKind.ARRAY, StoredDType.FLOAT64,
            new long[] {3, 4}, new Extent(1 << 21, 96));
    private static final CatalogEntry SCALAR = new CatalogEntry("π ✓", StoredKind.SCALAR, StoredDType.INT64,
            new long[0], new Extent(8192 + 64, 8), 0xCAFEBABEL);

    static List<LogRecord> everyKindOfRecord() {
        return List.of(new LogRecord.Checkpoint(List.of()), new LogRecord.Checkpoint(List.of(MATRIX, SCALAR)),
                new LogRecord.Put(MATRIX), new LogRecord.Put(SCALAR), new LogRecord.Erase("matrix"),
                new LogRecord.Rename("a", "b"));
    }

    @Test
    void everyRecordRoundTripsWithItsSequenceNumber() throws Exception {
        long sequence = 1L << 40;
        for (LogRecord record : everyKindOfRecord()) {
            byte[] frame = RecordCodec.encode(record, sequence);
            assertThat(RecordCodec.frameSize(record)).isEqualTo(RecordCodec.padded(frame.length));
            var read = RecordCodec.read(padded(frame), 0);
            assertThat(read).isEqualTo(new RecordCodec.Read.Frame(record, sequence, frame.length));
            assertThat(RecordCodec.intactSequenceAt(padded(frame), 0)).isEqualTo(sequence);
        }
    }

    @Test
    void anyFlippedBitMakesTheFrameUnreadableNeverDifferent() throws Exception {
        for (LogRecord record : everyKindOfRecord()) {
            byte[] frame = RecordCodec.encode(record, 7);
            for (int position = 0; position < frame.length; position++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] damaged = frame.clone();
                    damaged[position] ^= (byte) (1 << bit);
                    assertThat(RecordCodec.read(padded(damaged), 0))
                            .as("bit %d of byte %d of %s", bit, position, record)
                            .isInstanceOf(RecordCodec.Read.NoFrame.class);
                }
            }
        }
    }

    @Test
    void aFrameCutShortOrZeroIsNoFrame() throws Exception {
        byte[] frame = RecordCodec.encode(new LogRecord.Put(MATRIX), 1);
        MemorySegment cut = MemorySegment.ofArray(java.util.Arrays.copyOf(frame, frame.length - 1));
        assertThat(RecordCodec.read(cut, 0)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.read(MemorySegment.ofArray(new byte[64]), 0)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.read(MemorySegment.ofArray(new byte[64]), 48)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.intactSequenceAt(MemorySegment.ofArray(new byte[64]), 0)).isEqualTo(-1);
    }

    @Test
    void anIntactFrameWithImpossibleContentIsMalformedNotSkipped() {
        byte[] unknownType = reseal(RecordCodec.encode(new LogRecord.Erase("x"), 1), frame -> frame.putShort(16, (short) 99));
        assertThatThrownBy(() -> RecordCodec.read(padded(unknownType), 0))
                .isInstanceOf(RecordCodec.MalformedRecordException.class).hasMessageContaining("unknown record type 99");
        byte[] put = RecordCodec.encode(new LogRecord.Put(MATRIX), 1);
        int dtypeOffset = RecordCodec.HEADER_BYTES + 2 + "matrix".length() + 1;
        byte[] unknownDtype = reseal(put, frame -> frame.put(dtypeOffset, (byte) 77));
        assertThatThrownBy(() -> RecordCodec.read(padded(unknownDtype), 0))
                .isInstanceOf(RecordCodec.MalformedRecordException.class).hasMessageContaining("unknown dtype 77");
        byte[] wrongLength = reseal(put, frame -> frame.putLong(dtypeOffset + 3 + 4 + 8, 95));
        assertThatThrownBy(() -> RecordCodec.read(padded(wrongLength), 0))
                .isInstanceOf(RecordCodec.MalformedRecordException.class).hasMessageContaining("95 bytes");
    }

    private static MemorySegment padded(byte[] frame) {
        return MemorySegment.ofArray(java.util.Arrays.copyOf(frame, (int) RecordCodec.padded(frame.length) + 64));
    }

    /** Changes a frame and recomputes its checksum, as a writer with a bug would. */
    private static byte[] reseal(byte[] frame, java.util.function.Consumer<ByteBuffer> change) {
        ByteBuffer buffer = ByteBuffer.wrap(frame.clone()).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(buffer);
        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), 0, 4);
        crc.update(buffer.array(), 8, frame.length - 8);
        buffer.putInt(4, (int) crc.getValue());
        return buffer.array();
    }
}
