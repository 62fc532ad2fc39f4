package io.jpmm.internal.table;

import io.jpmm.ColumnLayout;
import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import io.jpmm.TableSpec;
import io.jpmm.internal.store.StoredDType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a table variable (docs/format.md, "Tables"): a header describing the columns, then
 * every column's buffers, each at a multiple of 64 bytes from the block's start, so that each is an
 * aligned array in place. The header is written after the buffers are filled, with the null counts
 * counted and the offsets checked, so a committed table is always well formed; its CRC32C lets a
 * reader tell a damaged header from a table.
 */
public final class TableBlock {
    static final long MAGIC = 0x314c42544d4d504aL; // "JPMMTBL1", little-endian
    public static final int ALIGNMENT = 64;
    private static final int CRC_AT = 28;
    private static final int DESCRIPTIONS_AT = 32;
    private static final int FIXED = 1;
    private static final int VARIABLE = 2;
    private static final int FIXED_WIDTH = 3;
    private static final int FLAG_VALIDITY = 1;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    /** A buffer inside the block: offset from the block's start and length; length 0 for none. */
    public record Buffer(long offset, long length) {
        static final Buffer NONE = new Buffer(0, 0);

        public MemorySegment in(MemorySegment block) {
            return block.asSlice(offset, length);
        }
    }

    /** A column as the block describes it. */
    public record Column(ColumnSpec spec, long nullCount, Buffer validity, Buffer offsets, Buffer values) {
    }

    /** Thrown when the bytes are not a well-formed table block. */
    public static final class MalformedTableException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedTableException(String message) {
            super(message);
        }
    }

    private final long rows;
    private final int headerBytes;
    private final List<Column> columns;
    private final long byteSize;

    private TableBlock(long rows, int headerBytes, List<Column> columns, long byteSize) {
        this.rows = rows;
        this.headerBytes = headerBytes;
        this.columns = List.copyOf(columns);
        this.byteSize = byteSize;
    }

    public long rows() {
        return rows;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The bytes of the whole block: header and buffers. */
    public long byteSize() {
        return byteSize;
    }

    /** Where each buffer of a table of {@code spec} goes; the null counts are not known yet. */
    public static TableBlock plan(TableSpec spec) {
        long rows = spec.rows();
        int headerBytes = (int) align(headerLength(spec.columns()));
        long position = headerBytes;
        List<Column> columns = new ArrayList<>(spec.columns().size());
        for (ColumnSpec column : spec.columns()) {
            Buffer validity = Buffer.NONE;
            if (column.nullable()) {
                validity = new Buffer(position, bitmapBytes(rows));
                position = advance(position, validity.length(), column);
            }
            Buffer offsets = Buffer.NONE;
            if (column.layout() == ColumnLayout.VARIABLE) {
                offsets = new Buffer(position, Math.multiplyExact(rows + 1, column.dtype().itemSize()));
                position = advance(position, offsets.length(), column);
            }
            var values = new Buffer(position, valueBytes(column, rows));
            position = advance(position, values.length(), column);
            columns.add(new Column(column, 0, validity, offsets, values));
        }
        return new TableBlock(rows, headerBytes, columns, position);
    }

    /**
     * Finishes a block whose buffers were filled: checks every variable column's offsets, clears the
     * validity bits past the last row, counts the nulls and writes the header.
     *
     * @throws IllegalArgumentException naming the column whose offsets are wrong
     */
    public TableBlock finish(MemorySegment block) {
        List<Column> finished = new ArrayList<>(columns.size());
        for (Column column : columns) {
            if (column.spec().layout() == ColumnLayout.VARIABLE) {
                checkOffsets(column, block);
            }
            long nulls = column.validity().length() == 0 ? 0 : countNulls(column.validity().in(block), rows);
            finished.add(new Column(column.spec(), nulls, column.validity(), column.offsets(), column.values()));
        }
        var done = new TableBlock(rows, headerBytes, finished, byteSize);
        byte[] header = done.encodeHeader();
        MemorySegment.copy(MemorySegment.ofArray(header), 0, block, 0, header.length);
        block.asSlice(header.length, headerBytes - header.length).fill((byte) 0);
        return done;
    }

    private byte[] encodeHeader() {
        int length = headerLength(columns.stream().map(Column::spec).toList());
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(MAGIC).putInt(headerBytes).putInt(columns.size()).putLong(rows).putInt(length).putInt(0);
        for (Column column : columns) {
            ColumnSpec spec = column.spec();
            putText(out, spec.name());
            out.put((byte) layoutCode(spec.layout())).put((byte) StoredDType.valueOf(spec.dtype().name()).code())
                    .put((byte) (spec.nullable() ? FLAG_VALIDITY : 0)).put((byte) 0)
                    .putInt(spec.width()).putLong(column.nullCount());
            putText(out, spec.logicalType());
            for (Buffer buffer : List.of(column.validity(), column.offsets(), column.values())) {
                out.putLong(buffer.offset()).putLong(buffer.length());
            }
        }
        out.putInt(CRC_AT, crc(out.array()));
        return out.array();
    }

    /**
     * What is wrong with {@code block}, a table variable's bytes, or null: its header, and every
     * variable column's offsets (a full check reads them all).
     */
    public static String problem(MemorySegment block) {
        try {
            TableBlock table = read(block);
            for (Column column : table.columns()) {
                if (column.spec().layout() == ColumnLayout.VARIABLE) {
                    checkOffsets(column, block);
                }
            }
            return null;
        } catch (MalformedTableException | IllegalArgumentException wrong) {
            return wrong.getMessage();
        }
    }

    /** Reads and checks the header of {@code block}, a table variable's bytes. */
    public static TableBlock read(MemorySegment block) throws MalformedTableException {
        long size = block.byteSize();
        if (size < DESCRIPTIONS_AT || block.get(LONG, 0) != MAGIC) {
            throw new MalformedTableException("no table header (magic JPMMTBL1) at the start of the variable");
        }
        int headerBytes = block.get(INT, 8);
        int count = block.get(INT, 12);
        long rows = block.get(LONG, 16);
        if (headerBytes < DESCRIPTIONS_AT || headerBytes % ALIGNMENT != 0 || headerBytes > size) {
            throw new MalformedTableException("table header of " + headerBytes + " bytes in a variable of " + size);
        }
        if (count < 1 || count > TableSpec.MAX_COLUMNS || rows < 0) {
            throw new MalformedTableException("table header says " + count + " columns of " + rows + " rows");
        }
        int described = block.get(INT, 24);
        if (described < DESCRIPTIONS_AT || described > headerBytes) {
            throw new MalformedTableException("table header describes " + described + " of its " + headerBytes + " bytes");
        }
        byte[] header = block.asSlice(0, described).toArray(ValueLayout.JAVA_BYTE);
        int expected = block.get(INT, CRC_AT);
        if (crc(header) != expected) {
            throw new MalformedTableException("the table header's CRC32C does not match: it is damaged");
        }
        ByteBuffer in = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).position(DESCRIPTIONS_AT);
        List<Column> columns = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                columns.add(readColumn(in, rows, headerBytes, size));
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException truncated) {
            throw new MalformedTableException("the table header ends inside its " + count + " column descriptions");
        }
        if (in.hasRemaining()) {
            throw new MalformedTableException("the table header has " + in.remaining() + " bytes after its columns");
        }
        return new TableBlock(rows, headerBytes, columns, size);
    }

    private static Column readColumn(ByteBuffer in, long rows, int headerBytes, long size) throws MalformedTableException {
        String name = getText(in);
        int layoutCode = Byte.toUnsignedInt(in.get());
        int dtypeCode = Byte.toUnsignedInt(in.get());
        int flags = Byte.toUnsignedInt(in.get());
        in.get();
        int width = in.getInt();
        long nullCount = in.getLong();
        String logicalType = getText(in);
        Buffer validity = new Buffer(in.getLong(), in.getLong());
        Buffer offsets = new Buffer(in.getLong(), in.getLong());
        Buffer values = new Buffer(in.getLong(), in.getLong());
        String where = "column \"" + name + "\": ";
        ColumnLayout layout = switch (layoutCode) {
            case FIXED -> ColumnLayout.FIXED;
            case VARIABLE -> ColumnLayout.VARIABLE;
            case FIXED_WIDTH -> ColumnLayout.FIXED_WIDTH;
            default -> throw new MalformedTableException(where + "unknown layout " + layoutCode);
        };
        DType dtype = StoredDType.fromCode(dtypeCode).map(stored -> DType.valueOf(stored.name()))
                .orElseThrow(() -> new MalformedTableException(where + "unknown dtype " + dtypeCode));
        if ((flags & ~FLAG_VALIDITY) != 0 || nullCount < 0 || nullCount > rows) {
            throw new MalformedTableException(where + "flags " + flags + ", " + nullCount + " nulls in " + rows + " rows");
        }
        ColumnSpec spec;
        try {
            spec = new ColumnSpec(name, layout, dtype, width, layout == ColumnLayout.VARIABLE ? values.length() : 0,
                    (flags & FLAG_VALIDITY) != 0, logicalType);
        } catch (IllegalArgumentException invalid) {
            throw new MalformedTableException(invalid.getMessage());
        }
        long offsetsLength = layout == ColumnLayout.VARIABLE ? (rows + 1) * dtype.itemSize() : 0;
        long validityLength = spec.nullable() ? bitmapBytes(rows) : 0;
        long valuesLength = layout == ColumnLayout.VARIABLE ? values.length() : valueBytes(spec, rows);
        checkBuffer(where + "validity", validity, validityLength, headerBytes, size);
        checkBuffer(where + "offsets", offsets, offsetsLength, headerBytes, size);
        checkBuffer(where + "values", values, valuesLength, headerBytes, size);
        return new Column(spec, nullCount, validity, offsets, values);
    }

    private static void checkBuffer(String what, Buffer buffer, long expectedLength, int headerBytes, long size)
            throws MalformedTableException {
        if (buffer.length() != expectedLength) {
            throw new MalformedTableException(what + " has " + buffer.length() + " bytes, not " + expectedLength);
        }
        if (expectedLength == 0) {
            return;
        }
        if (buffer.offset() < headerBytes || buffer.offset() % ALIGNMENT != 0 || buffer.offset() > size - buffer.length()) {
            throw new MalformedTableException(what + " at offset " + buffer.offset() + " of " + buffer.length()
                    + " bytes lies outside the table's " + size + " bytes");
        }
    }

    private static void checkOffsets(Column column, MemorySegment block) {
        MemorySegment offsets = column.offsets().in(block);
        boolean wide = column.spec().dtype() == DType.INT64;
        long rowCount = offsets.byteSize() / column.spec().dtype().itemSize() - 1;
        long previous = 0;
        for (long row = 0; row <= rowCount; row++) {
            long offset = wide ? offsets.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row)
                    : offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
            if (row == 0 ? offset != 0 : offset < previous) {
                throw new IllegalArgumentException("column \"" + column.spec().name() + "\": offset " + offset + " of row "
                        + row + (row == 0 ? " is not 0" : " is below the one before it (" + previous + ")"));
            }
            previous = offset;
        }
        if (previous != column.values().length()) {
            throw new IllegalArgumentException("column \"" + column.spec().name() + "\": the last offset is " + previous
                    + ", not the " + column.values().length() + " value bytes the column was made with");
        }
    }

    /** Counts the clear bits of the first {@code rows} bits, after clearing the bits past them. */
    private static long countNulls(MemorySegment bitmap, long rows) {
        int tail = (int) (rows % 8);
        if (tail != 0) {
            long last = bitmap.byteSize() - 1;
            bitmap.set(ValueLayout.JAVA_BYTE, last, (byte) (bitmap.get(ValueLayout.JAVA_BYTE, last) & ((1 << tail) - 1)));
        }
        long present = 0;
        long whole = bitmap.byteSize() / 8;
        for (long i = 0; i < whole; i++) {
            present += Long.bitCount(bitmap.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i));
        }
        for (long i = whole * 8; i < bitmap.byteSize(); i++) {
            present += Integer.bitCount(Byte.toUnsignedInt(bitmap.get(ValueLayout.JAVA_BYTE, i)));
        }
        return rows - present;
    }

    public static long bitmapBytes(long rows) {
        return (rows + 7) / 8;
    }

    private static long valueBytes(ColumnSpec column, long rows) {
        return switch (column.layout()) {
            case FIXED -> Math.multiplyExact(rows, column.dtype().itemSize());
            case VARIABLE -> column.valueBytes();
            case FIXED_WIDTH -> Math.multiplyExact(rows, column.width());
        };
    }

    private static long advance(long position, long length, ColumnSpec column) {
        try {
            return align(Math.addExact(position, length));
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("column \"" + column.name() + "\" makes the table too large");
        }
    }

    private static int headerLength(List<ColumnSpec> columns) {
        long length = DESCRIPTIONS_AT;
        for (ColumnSpec column : columns) {
            length += 2 + utf8(column.name()).length + 1 + 1 + 1 + 1 + 4 + 8 + 2 + utf8(column.logicalType()).length + 48;
        }
        if (length > Integer.MAX_VALUE - ALIGNMENT) {
            throw new IllegalArgumentException("a table header of " + length + " bytes is too large");
        }
        return (int) length;
    }

    private static int layoutCode(ColumnLayout layout) {
        return switch (layout) {
            case FIXED -> FIXED;
            case VARIABLE -> VARIABLE;
            case FIXED_WIDTH -> FIXED_WIDTH;
        };
    }

    private static long align(long position) {
        return (position + ALIGNMENT - 1) & -ALIGNMENT;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void putText(ByteBuffer out, String text) {
        byte[] bytes = utf8(text);
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String getText(ByteBuffer in) throws MalformedTableException {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException invalid) {
            throw new MalformedTableException("a column name or type is not valid UTF-8");
        }
    }

    /** CRC32C of the described header, its own four bytes taken as zero. */
    private static int crc(byte[] header) {
        var crc = new CRC32C();
        crc.update(header, 0, CRC_AT);
        crc.update(new byte[4]);
        crc.update(header, CRC_AT + 4, header.length - CRC_AT - 4);
        return (int) crc.getValue();
    }
}
