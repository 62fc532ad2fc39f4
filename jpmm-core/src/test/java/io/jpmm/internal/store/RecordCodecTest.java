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
    private static final long NONCE = 0x1234_5678_9ABC_DEF0L;
    private static final LogFormat FORMAT = new LogFormat(Layout.FORMAT_VERSION, NONCE);
    private static final int HEADER = RecordCodec.CURRENT_HEADER_BYTES;
    private static final CatalogEntry MATRIX = new CatalogEntry("matrix", StoredKind.ARRAY, StoredDType.FLOAT64,
            new long[] {3, 4}, new Extent(1 << 21, 96));
    private static final CatalogEntry SCALAR = new CatalogEntry("π ✓", StoredKind.SCALAR, StoredDType.INT64,
            new long[0], new Extent(8192 + 64, 8), 0xCAFEBABEL);

    static List<LogRecord> everyKindOfRecord() {
        var undo = new LogRecord.TransactionUndo(new Extent(1 << 22, 8192), List.of(
                new LogRecord.UndoRange(8192 + 64, 8, 1 << 22), new LogRecord.UndoRange(1 << 21, 4000, (1 << 22) + 4096)));
        return List.of(new LogRecord.Checkpoint(List.of()), new LogRecord.Checkpoint(List.of(MATRIX, SCALAR)),
                new LogRecord.Checkpoint(List.of(MATRIX), List.of(undo),
                        List.of(new LogRecord.DeferredFree(17, new Extent(1 << 23, 4096)))),
                new LogRecord.Put(MATRIX), new LogRecord.Put(SCALAR), new LogRecord.Erase("matrix"),
                new LogRecord.Put(CatalogEntry.inline("small", StoredKind.STRING, StoredDType.UINT8, new long[] {5},
                        "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                new LogRecord.Checkpoint(List.of(MATRIX, CatalogEntry.inline("n", StoredKind.SCALAR, StoredDType.INT64,
                        new long[0], new byte[8]))),
                new LogRecord.Rename("a", "b"), undo,
                new LogRecord.TransactionCommit(List.of(new LogRecord.Put(SCALAR), new LogRecord.Erase("matrix"),
                        new LogRecord.Rename("a", "b"))),
                new LogRecord.TransactionRollback());
    }

    @Test
    void everyRecordRoundTripsWithItsSequenceNumber() throws Exception {
        long sequence = 1L << 40;
        for (LogRecord record : everyKindOfRecord()) {
            byte[] frame = RecordCodec.encode(record, sequence, NONCE);
            assertThat(RecordCodec.frameSize(record)).isEqualTo(RecordCodec.padded(frame.length));
            var read = RecordCodec.read(padded(frame), 0, FORMAT);
            assertThat(read).isEqualTo(new RecordCodec.Read.Frame(record, sequence, frame.length));
            assertThat(RecordCodec.intactSequenceAt(padded(frame), 0, FORMAT)).isEqualTo(sequence);
        }
    }

    @Test
    void anyFlippedBitMakesTheFrameUnreadableNeverDifferent() throws Exception {
        for (LogRecord record : everyKindOfRecord()) {
            byte[] frame = RecordCodec.encode(record, 7, NONCE);
            for (int position = 0; position < frame.length; position++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] damaged = frame.clone();
                    damaged[position] ^= (byte) (1 << bit);
                    assertThat(RecordCodec.read(padded(damaged), 0, FORMAT))
                            .as("bit %d of byte %d of %s", bit, position, record)
                            .isInstanceOf(RecordCodec.Read.NoFrame.class);
                }
            }
        }
    }

    @Test
    void aFrameWrittenUnderAnotherNonceIsNoFrameOfThisLog() throws Exception {
        byte[] stale = RecordCodec.encode(new LogRecord.Erase("matrix"), 7, NONCE + 1);
        assertThat(RecordCodec.read(padded(stale), 0, FORMAT)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.intactSequenceAt(padded(stale), 0, FORMAT)).isEqualTo(-1);
    }

    @Test
    void versionOneFramesAreReadWithTheirShorterHeaderAndNeverPassForVersionTwo() throws Exception {
        byte[] payload = {1, 0, 'x'};
        ByteBuffer frame = ByteBuffer.allocate(24 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(frame.capacity()).putInt(0).putLong(9).putShort((short) 3).putShort((short) 0).putInt(0).put(payload);
        byte[] versionOne = reseal(frame.array(), buffer -> { });
        assertThat(RecordCodec.read(padded(versionOne), 0, new LogFormat(1, 0)))
                .isEqualTo(new RecordCodec.Read.Frame(new LogRecord.Erase("x"), 9, versionOne.length));
        assertThat(RecordCodec.read(padded(versionOne), 0, FORMAT)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(CommitLog.newNonce()).isNotIn(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aFrameCutShortOrZeroIsNoFrame() throws Exception {
        byte[] frame = RecordCodec.encode(new LogRecord.Put(MATRIX), 1, NONCE);
        MemorySegment cut = MemorySegment.ofArray(java.util.Arrays.copyOf(frame, frame.length - 1));
        assertThat(RecordCodec.read(cut, 0, FORMAT)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.read(MemorySegment.ofArray(new byte[64]), 0, FORMAT)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.read(MemorySegment.ofArray(new byte[64]), 48, FORMAT)).isInstanceOf(RecordCodec.Read.NoFrame.class);
        assertThat(RecordCodec.intactSequenceAt(MemorySegment.ofArray(new byte[64]), 0, FORMAT)).isEqualTo(-1);
    }

    @Test
    void anIntactFrameWithImpossibleContentIsMalformedNotSkipped() {
        byte[] unknownType = reseal(RecordCodec.encode(new LogRecord.Erase("x"), 1, NONCE),
                frame -> frame.putShort(HEADER - 8, (short) 99));
        assertMalformed(unknownType, "unknown record type 99");
        byte[] put = RecordCodec.encode(new LogRecord.Put(MATRIX), 1, NONCE);
        int kindOffset = HEADER + 2 + "matrix".length();
        int dtypeOffset = kindOffset + 1;
        assertMalformed(reseal(put, frame -> frame.put(dtypeOffset, (byte) 77)), "unknown dtype 77");
        assertMalformed(reseal(put, frame -> frame.putLong(dtypeOffset + 3 + 4 + 8, 95)), "95 bytes");
    }

    @Test
    void forgedEntriesWithValidChecksumsAreMalformedNeverARawException() {
        byte[] put = RecordCodec.encode(new LogRecord.Put(MATRIX), 1, NONCE);
        int kindOffset = HEADER + 2 + "matrix".length();
        int offsetField = kindOffset + 8;
        int lengthField = offsetField + 8;
        // An extent whose end overflows a long.
        assertMalformed(reseal(put, frame -> frame.putLong(offsetField, Long.MAX_VALUE - 64)), "impossible extent");
        // Not on the 64-byte alignment every extent has.
        assertMalformed(reseal(put, frame -> frame.putLong(offsetField, (1 << 21) + 8)), "impossible extent");
        // A scalar of rank 2, and a string of float64.
        assertMalformed(reseal(put, frame -> frame.put(kindOffset, (byte) StoredKind.SCALAR.code())), "a scalar of rank 2");
        byte[] string = RecordCodec.encode(new LogRecord.Put(new CatalogEntry("s", StoredKind.STRING, StoredDType.UINT8,
                new long[] {16}, new Extent(4096, 16))), 1, NONCE);
        assertMalformed(reseal(string, frame -> frame.put(HEADER + 3 + 1, (byte) StoredDType.INT16.code())
                .putLong(HEADER + 3 + 4 + 4 + 8, 32)), "string of INT16");
        // A name with a control character.
        byte[] controlName = reseal(RecordCodec.encode(new LogRecord.Erase("ab"), 1, NONCE),
                frame -> frame.put(HEADER + 2 + 1, (byte) 0x07));
        assertMalformed(controlName, "control characters");
        assertThat(lengthField).isPositive();
    }

    private static void assertMalformed(byte[] frame, String expected) {
        assertThatThrownBy(() -> RecordCodec.read(padded(frame), 0, FORMAT))
                .isInstanceOf(RecordCodec.MalformedRecordException.class).hasMessageContaining(expected);
    }

    private static MemorySegment padded(byte[] frame) {
        return MemorySegment.ofArray(java.util.Arrays.copyOf(frame, (int) RecordCodec.padded(frame.length) + 64));
    }

    /** Changes a frame and recomputes its checksum, as a writer with a bug (or a forger) would. */
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
