package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.jpmm.internal.store.Layout.U32;
import static io.jpmm.internal.store.Layout.U64;

/**
 * Encodes and decodes commit-log frames (docs/format.md, "Commit log"). A frame is a header (length,
 * CRC32C, sequence number, from version 2 the log pair's nonce, type) and a payload, padded to 8
 * bytes. The CRC covers the whole frame except its own four bytes, so a torn frame is never mistaken
 * for a commit, and a frame that carries another nonce was not written into this log pair: stale
 * bytes in reused space, never a commit. Frames are written in the current format only; older
 * formats are read.
 */
final class RecordCodec {
    /** The smallest frame header of any format version: what a scan needs to look at a position. */
    static final int HEADER_BYTES = 24;
    static final int FRAME_ALIGNMENT = 8;
    static final int MAX_NAME_BYTES = 255;

    static final int CURRENT_HEADER_BYTES = 32;

    private static final int CHECKPOINT = 1;
    private static final int PUT = 2;
    private static final int ERASE = 3;
    private static final int RENAME = 4;
    private static final int TRANSACTION_UNDO = 5;
    private static final int TRANSACTION_COMMIT = 6;
    private static final int TRANSACTION_ROLLBACK = 7;
    private static final int FLAG_HAS_CHECKSUM = 1;
    /** From format version 4: the value's bytes follow the dimensions (the extent is empty). */
    private static final int FLAG_INLINE = 2;

    /** What {@link #read} found at a position. */
    sealed interface Read {
        record Frame(LogRecord record, long sequence, int length) implements Read {
            long paddedLength() {
                return padded(length);
            }
        }

        /** No intact frame: the end of the log, a torn write, or stale bytes. */
        record NoFrame(String reason) implements Read {
        }
    }

    /** Thrown when a frame's checksum holds but its content does not make sense. */
    static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message);
        }
    }

    private RecordCodec() {
    }

    static long padded(long length) {
        return Layout.alignUp(length, FRAME_ALIGNMENT);
    }

    /** The frame of {@code record}, in the current format with {@code nonce}. */
    static byte[] encode(LogRecord record, long sequence, long nonce) {
        ByteBuffer payload = ByteBuffer.allocate(payloadSize(record)).order(ByteOrder.LITTLE_ENDIAN);
        int type = putPayload(payload, record);
        int length = CURRENT_HEADER_BYTES + payload.capacity();
        ByteBuffer frame = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(length).putInt(0).putLong(sequence).putLong(nonce).putShort((short) type).putShort((short) 0)
                .putInt(0);
        frame.put(payload.flip());
        frame.putInt(4, crc(MemorySegment.ofArray(frame.array()), length));
        return frame.array();
    }

    /** Writes the payload of {@code record}; returns its type. */
    private static int putPayload(ByteBuffer payload, LogRecord record) {
        return switch (record) {
            case LogRecord.Checkpoint(List<CatalogEntry> entries, List<LogRecord.TransactionUndo> undo,
                                      List<LogRecord.DeferredFree> deferred) -> {
                payload.putInt(entries.size());
                entries.forEach(entry -> putEntry(payload, entry));
                payload.putInt(undo.size());
                undo.forEach(saved -> putUndo(payload, saved));
                payload.putInt(deferred.size());
                deferred.forEach(free -> payload.putLong(free.sequence()).putLong(free.extent().offset())
                        .putLong(free.extent().length()));
                yield CHECKPOINT;
            }
            case LogRecord.Put(CatalogEntry entry) -> {
                putEntry(payload, entry);
                yield PUT;
            }
            case LogRecord.Erase(String name) -> {
                putName(payload, name);
                yield ERASE;
            }
            case LogRecord.Rename(String from, String to) -> {
                putName(payload, from);
                putName(payload, to);
                yield RENAME;
            }
            case LogRecord.TransactionUndo undo -> {
                putUndo(payload, undo);
                yield TRANSACTION_UNDO;
            }
            case LogRecord.TransactionCommit(List<LogRecord> changes) -> {
                payload.putInt(changes.size());
                for (LogRecord change : changes) {
                    int position = payload.position();
                    payload.putShort((short) 0);
                    payload.putShort(position, (short) putPayload(payload, change));
                }
                yield TRANSACTION_COMMIT;
            }
            case LogRecord.TransactionRollback() -> TRANSACTION_ROLLBACK;
        };
    }

    private static void putUndo(ByteBuffer payload, LogRecord.TransactionUndo undo) {
        payload.putLong(undo.copies().offset()).putLong(undo.copies().length()).putInt(undo.ranges().size());
        undo.ranges().forEach(range -> payload.putLong(range.target()).putLong(range.length()).putLong(range.copy()));
    }

    /** The size of the frame {@link #encode} writes for {@code record}, padding included. */
    static long frameSize(LogRecord record) {
        return padded(CURRENT_HEADER_BYTES + payloadSize(record));
    }

    /**
     * Reads the frame at {@code position} of {@code log}, written in {@code format}, or says why
     * there is none.
     *
     * @throws MalformedRecordException if the frame is intact but its content is not a valid record
     */
    static Read read(MemorySegment log, long position, LogFormat format) throws MalformedRecordException {
        MemorySegment frame = intactFrame(log, position, format);
        if (frame == null) {
            return new Read.NoFrame("no intact frame of this log pair");
        }
        int header = format.headerBytes();
        int length = (int) frame.byteSize();
        long sequence = frame.get(U64, 8);
        int type = Short.toUnsignedInt(frame.get(Layout.U16, header - 8));
        if (frame.get(Layout.U16, header - 6) != 0 || frame.get(U32, header - 4) != 0) {
            throw new MalformedRecordException("frame has unknown flags");
        }
        ByteBuffer payload = frame.asSlice(header).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        try {
            LogRecord record = readPayload(type, payload, format.version());
            if (payload.hasRemaining()) {
                throw new MalformedRecordException(payload.remaining() + " unexpected bytes after the record");
            }
            return new Read.Frame(record, sequence, length);
        } catch (BufferUnderflowException truncated) {
            throw new MalformedRecordException("record of type " + type + " is shorter than its content");
        }
    }

    /** The sequence number of an intact frame of {@code format} at {@code position}, or -1 if there is none. */
    static long intactSequenceAt(MemorySegment log, long position, LogFormat format) {
        MemorySegment frame = intactFrame(log, position, format);
        return frame == null ? -1 : frame.get(U64, 8);
    }

    /** The frame at {@code position} if its length fits, its CRC holds and it carries the pair's nonce. */
    private static MemorySegment intactFrame(MemorySegment log, long position, LogFormat format) {
        int header = format.headerBytes();
        if (position + header > log.byteSize()) {
            return null;
        }
        int length = log.get(U32, position);
        if (length < header || position + length > log.byteSize()) {
            return null;
        }
        MemorySegment frame = log.asSlice(position, length);
        if (frame.get(U32, 4) != crc(frame, length)) {
            return null;
        }
        return !format.bindsFrames() || frame.get(U64, 16) == format.nonce() ? frame : null;
    }

    private static LogRecord readPayload(int type, ByteBuffer payload, int version) throws MalformedRecordException {
        if (version < 3 && type > RENAME) {
            throw new MalformedRecordException("record type " + type + " is unknown to format version " + version);
        }
        return switch (type) {
            case CHECKPOINT -> readCheckpoint(payload, version);
            case PUT -> new LogRecord.Put(getEntry(payload, version));
            case ERASE -> new LogRecord.Erase(getName(payload));
            case RENAME -> new LogRecord.Rename(getName(payload), getName(payload));
            case TRANSACTION_UNDO -> getUndo(payload);
            case TRANSACTION_COMMIT -> readTransactionCommit(payload, version);
            case TRANSACTION_ROLLBACK -> new LogRecord.TransactionRollback();
            default -> throw new MalformedRecordException("unknown record type " + type);
        };
    }

    private static LogRecord readCheckpoint(ByteBuffer payload, int version) throws MalformedRecordException {
        int count = count(payload, minimumEntryBytes(), "entries");
        List<CatalogEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(getEntry(payload, version));
        }
        if (version < 3) {
            return new LogRecord.Checkpoint(entries);
        }
        int undoCount = count(payload, 20, "undo records");
        List<LogRecord.TransactionUndo> undo = new ArrayList<>(undoCount);
        for (int i = 0; i < undoCount; i++) {
            undo.add(getUndo(payload));
        }
        int deferredCount = count(payload, 24, "deferred frees");
        List<LogRecord.DeferredFree> deferred = new ArrayList<>(deferredCount);
        for (int i = 0; i < deferredCount; i++) {
            deferred.add(new LogRecord.DeferredFree(payload.getLong(), extent(payload.getLong(), payload.getLong())));
        }
        return new LogRecord.Checkpoint(entries, undo, deferred);
    }

    private static LogRecord readTransactionCommit(ByteBuffer payload, int version) throws MalformedRecordException {
        int count = count(payload, 4, "changes");
        List<LogRecord> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int type = Short.toUnsignedInt(payload.getShort());
            if (type != PUT && type != ERASE && type != RENAME) {
                throw new MalformedRecordException("a transaction commits record type " + type + ", not a change");
            }
            changes.add(readPayload(type, payload, version));
        }
        return new LogRecord.TransactionCommit(changes);
    }

    private static LogRecord.TransactionUndo getUndo(ByteBuffer payload) throws MalformedRecordException {
        Extent copies = extent(payload.getLong(), payload.getLong());
        int count = count(payload, 24, "undo ranges");
        List<LogRecord.UndoRange> ranges = new ArrayList<>(count);
        long saved = 0;
        for (int i = 0; i < count; i++) {
            var range = new LogRecord.UndoRange(payload.getLong(), payload.getLong(), payload.getLong());
            if (range.length() <= 0 || range.target() < 0 || range.target() > Long.MAX_VALUE - range.length()
                    || range.copy() < copies.offset() || range.copy() > copies.end() - range.length()) {
                throw new MalformedRecordException("undo range " + range + " does not fit its copies " + copies);
            }
            saved += range.length();
            ranges.add(range);
        }
        if (saved > copies.length()) {
            throw new MalformedRecordException("undo ranges of " + saved + " bytes in copies of " + copies.length());
        }
        return new LogRecord.TransactionUndo(copies, ranges);
    }

    /** A count of items of at least {@code minimumBytes} each, which the rest of the payload can hold. */
    private static int count(ByteBuffer payload, int minimumBytes, String what) throws MalformedRecordException {
        int count = payload.getInt();
        if (count < 0 || count > payload.remaining() / minimumBytes) {
            throw new MalformedRecordException("record claims " + Integer.toUnsignedString(count) + " " + what);
        }
        return count;
    }

    private static Extent extent(long offset, long length) throws MalformedRecordException {
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new MalformedRecordException("impossible extent at offset " + offset + " of " + length + " bytes");
        }
        return new Extent(offset, length);
    }

    private static int crc(MemorySegment frame, int length) {
        CRC32C crc = new CRC32C();
        crc.update(frame.asSlice(0, 4).asByteBuffer());
        crc.update(frame.asSlice(8, length - 8).asByteBuffer());
        return (int) crc.getValue();
    }

    private static int payloadSize(LogRecord record) {
        return switch (record) {
            case LogRecord.Checkpoint(List<CatalogEntry> entries, List<LogRecord.TransactionUndo> undo,
                                      List<LogRecord.DeferredFree> deferred) ->
                    4 + entries.stream().mapToInt(RecordCodec::entrySize).sum()
                            + 4 + undo.stream().mapToInt(RecordCodec::undoSize).sum() + 4 + 24 * deferred.size();
            case LogRecord.Put(CatalogEntry entry) -> entrySize(entry);
            case LogRecord.Erase(String name) -> nameSize(name);
            case LogRecord.Rename(String from, String to) -> nameSize(from) + nameSize(to);
            case LogRecord.TransactionUndo undo -> undoSize(undo);
            case LogRecord.TransactionCommit(List<LogRecord> changes) ->
                    4 + changes.stream().mapToInt(change -> 2 + payloadSize(change)).sum();
            case LogRecord.TransactionRollback() -> 0;
        };
    }

    private static int undoSize(LogRecord.TransactionUndo undo) {
        return 16 + 4 + 24 * undo.ranges().size();
    }

    // Entry: name, kind u8, dtype u8, rank u8, flags u8, data checksum u32, extent offset u64,
    // extent length u64, rank dimensions u64.
    private static int entrySize(CatalogEntry entry) {
        return nameSize(entry.name()) + 4 + 4 + 16 + 8 * entry.rank() + (entry.isInline() ? entry.inline().length : 0);
    }

    private static int minimumEntryBytes() {
        return 2 + 4 + 4 + 16;
    }

    private static void putEntry(ByteBuffer out, CatalogEntry entry) {
        putName(out, entry.name());
        boolean hasChecksum = entry.dataChecksum() != CatalogEntry.NO_CHECKSUM;
        out.put((byte) entry.kind().code()).put((byte) entry.dtype().code()).put((byte) entry.rank())
                .put((byte) ((hasChecksum ? FLAG_HAS_CHECKSUM : 0) | (entry.isInline() ? FLAG_INLINE : 0)))
                .putInt(hasChecksum ? (int) entry.dataChecksum() : 0)
                .putLong(entry.extent().offset()).putLong(entry.byteSize());
        for (long dim : entry.dims()) {
            out.putLong(dim);
        }
        if (entry.isInline()) {
            out.put(entry.inline());
        }
    }

    private static CatalogEntry getEntry(ByteBuffer in, int version) throws MalformedRecordException {
        String name = getName(in);
        int kindCode = Byte.toUnsignedInt(in.get());
        int dtypeCode = Byte.toUnsignedInt(in.get());
        int rank = Byte.toUnsignedInt(in.get());
        int flags = Byte.toUnsignedInt(in.get());
        long checksum = Integer.toUnsignedLong(in.getInt());
        long offset = in.getLong();
        long length = in.getLong();
        StoredKind kind = StoredKind.fromCode(kindCode)
                .orElseThrow(() -> new MalformedRecordException("variable \"" + name + "\" has unknown kind " + kindCode));
        StoredDType dtype = StoredDType.fromCode(dtypeCode)
                .orElseThrow(() -> new MalformedRecordException("variable \"" + name + "\" has unknown dtype " + dtypeCode));
        int knownFlags = version >= 4 ? FLAG_HAS_CHECKSUM | FLAG_INLINE : FLAG_HAS_CHECKSUM;
        if (rank > Layout.MAX_RANK || (flags & ~knownFlags) != 0) {
            throw new MalformedRecordException("variable \"" + name + "\" has an invalid header (rank " + rank
                    + ", flags " + flags + ")");
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.getLong();
        }
        long expectedLength = Layout.byteLength(dims, dtype.itemSize());
        if (expectedLength < 0 || expectedLength != length) {
            throw new MalformedRecordException("variable \"" + name + "\" has " + length + " bytes, which does not fit "
                    + dtype + " " + java.util.Arrays.toString(dims));
        }
        String inconsistent = switch (kind) {
            case ARRAY -> null;
            case SCALAR -> rank == 0 ? null : "a scalar of rank " + rank;
            case STRING, BYTES, TABLE -> rank == 1 && dtype == StoredDType.UINT8 ? null
                    : kind.name().toLowerCase(java.util.Locale.ROOT) + " of " + dtype + " rank " + rank;
        };
        if (kind == StoredKind.TABLE && version < 5) {
            throw new MalformedRecordException("variable \"" + name + "\" is a table, unknown to format version " + version);
        }
        if (inconsistent != null) {
            throw new MalformedRecordException("variable \"" + name + "\" is " + inconsistent);
        }
        if (offset < 0 || offset > Long.MAX_VALUE - length
                || (length == 0 ? offset != 0 : offset % Layout.SMALL_ALIGNMENT != 0)) {
            throw new MalformedRecordException("variable \"" + name + "\" has the impossible extent at offset " + offset
                    + " of " + length + " bytes (extents start at multiples of " + Layout.SMALL_ALIGNMENT + ")");
        }
        if ((flags & FLAG_INLINE) != 0) {
            if (offset != 0 || !CatalogEntry.keptInline(kind, length)) {
                throw new MalformedRecordException("variable \"" + name + "\" is an inline " + kind + " of " + length
                        + " bytes at offset " + offset + "; inline values are scalars, strings and bytes of at most "
                        + CatalogEntry.INLINE_LIMIT + " bytes");
            }
            byte[] bytes = new byte[(int) length];
            in.get(bytes);
            return CatalogEntry.inline(name, kind, dtype, dims, bytes);
        }
        return new CatalogEntry(name, kind, dtype, dims, new Extent(offset, length),
                (flags & FLAG_HAS_CHECKSUM) != 0 ? checksum : CatalogEntry.NO_CHECKSUM);
    }

    private static int nameSize(String name) {
        return 2 + name.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void putName(ByteBuffer out, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name of " + bytes.length + " UTF-8 bytes; at most " + MAX_NAME_BYTES);
        }
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String getName(ByteBuffer in) throws MalformedRecordException {
        int length = Short.toUnsignedInt(in.getShort());
        if (length == 0 || length > MAX_NAME_BYTES) {
            throw new MalformedRecordException("name of " + length + " bytes");
        }
        if (length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] raw = new byte[length];
        in.get(raw);
        if (isPrintableAscii(raw)) {
            // Nearly every name: a checkpoint of a million of them is read on each open, so skip the decoder.
            return new String(raw, StandardCharsets.US_ASCII);
        }
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException invalid) {
            throw new MalformedRecordException("name is not valid UTF-8");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new MalformedRecordException("name \"" + name.replaceAll("\\p{Cntrl}", "?") + "\" has control characters");
        }
        return name;
    }

    private static boolean isPrintableAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0x20 || b == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
