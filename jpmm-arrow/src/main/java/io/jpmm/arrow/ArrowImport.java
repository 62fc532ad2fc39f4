package io.jpmm.arrow;

import io.jpmm.ColumnLayout;
import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import io.jpmm.Shelf;
import io.jpmm.Table;
import io.jpmm.TableBuffers;
import io.jpmm.TableSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.DictionaryBatch;
import org.apache.arrow.flatbuf.DictionaryEncoding;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.flatbuf.Schema;

/**
 * Puts the record batches of an Arrow IPC file or stream onto a shelf as one table. A first pass
 * checks every batch (lengths, offsets, dictionary indices) and sizes the table; the second copies
 * the buffers into the table's space on the shelf, batch after batch, and the table is committed
 * only when all of it is there. Dictionary-encoded columns are decoded into their value type.
 */
final class ArrowImport implements AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;

    /** A field of the schema: the column it becomes, and for a dictionary-encoded one its dictionary and index type. */
    private record FieldPlan(ColumnSpec column, boolean nullable, Long dictionaryId, DType indexType) {
    }

    /** One column of one batch (or of a dictionary): its buffers, uncompressed, and its length. */
    private record Part(long length, MemorySegment validity, MemorySegment offsets, boolean wideOffsets, MemorySegment values) {
        boolean valid(long row) {
            return validity == null || (validity.get(ValueLayout.JAVA_BYTE, row >>> 3) & (1 << (row & 7))) != 0;
        }
    }

    private final String source;
    private final List<FieldPlan> fields = new ArrayList<>();
    private final List<IpcMessages.IpcMessage> batches = new ArrayList<>();
    private final Map<Long, Part> dictionaries = new HashMap<>();
    private final List<BatchBuffers> open = new ArrayList<>();

    /**
     * Reads the schema and the dictionaries, and checks and sizes every batch, or refuses the file.
     * Flatbuffer accessors read lazily and throw unchecked exceptions on forged offsets; here, before
     * anything is put, they mean malformed metadata.
     */
    static ArrowImport open(MemorySegment data, String source) throws ArrowFormatException {
        var arrowImport = new ArrowImport(source);
        try {
            arrowImport.read(data);
            return arrowImport;
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException | IllegalArgumentException
                 | ArithmeticException | NegativeArraySizeException | IllegalStateException malformed) {
            arrowImport.close();
            throw new ArrowFormatException(source + ": malformed Arrow metadata (" + malformed + ")", malformed);
        } catch (ArrowFormatException refused) {
            arrowImport.close();
            throw refused;
        }
    }

    private ArrowImport(String source) {
        this.source = source;
    }

    private void read(MemorySegment data) throws ArrowFormatException {
        List<IpcMessages.IpcMessage> messages = IpcMessages.read(data, source);
        Schema schema = (Schema) messages.getFirst().metadata().header(new Schema());
        if (schema.endianness() != Endianness.Little) {
            throw new ArrowFormatException(source + ": the data is big-endian; jpmm reads little-endian Arrow data");
        }
        for (int i = 0; i < schema.fieldsLength(); i++) {
            fields.add(plan(schema.fields(i)));
        }
        if (fields.isEmpty()) {
            throw new ArrowFormatException(source + ": the schema has no columns; a table has at least one");
        }
        for (IpcMessages.IpcMessage message : messages.subList(1, messages.size())) {
            switch (message.type()) {
                case MessageHeader.RecordBatch -> batches.add(message);
                case MessageHeader.DictionaryBatch -> readDictionary(message);
                case MessageHeader.Schema -> throw new ArrowFormatException(source + ": a second schema at byte " + message.offset());
                default -> throw new ArrowFormatException(source + ": message at byte " + message.offset() + " is of type "
                        + message.type() + ", not a record or dictionary batch");
            }
        }
    }

    private FieldPlan plan(Field field) throws ArrowFormatException {
        String name = field.name() == null ? "" : field.name();
        String where = source + ": column \"" + name + "\" ";
        if (field.childrenLength() > 0) {
            throw new ArrowFormatException(where + "has Arrow type " + ArrowTypes.typeName(field.typeType())
                    + " with child columns, which jpmm does not store (it stores " + ArrowTypes.SUPPORTED + ")");
        }
        ColumnSpec column = ArrowTypes.column(name, field.typeType(), field, where);
        DictionaryEncoding dictionary = field.dictionary();
        if (dictionary == null) {
            return new FieldPlan(column, field.nullable(), null, null);
        }
        var index = dictionary.indexType();
        DType indexType = index == null ? DType.INT32 : ArrowTypes.integerDType(index.bitWidth(), index.isSigned(), where);
        return new FieldPlan(column, field.nullable(), dictionary.id(), indexType);
    }

    private void readDictionary(IpcMessages.IpcMessage message) throws ArrowFormatException {
        DictionaryBatch batch = (DictionaryBatch) message.metadata().header(new DictionaryBatch());
        String where = source + ": dictionary " + batch.id() + " at byte " + message.offset() + " ";
        if (batch.isDelta()) {
            throw new ArrowFormatException(where + "is a delta; jpmm reads whole dictionaries only");
        }
        FieldPlan field = fields.stream().filter(f -> f.dictionaryId() != null && f.dictionaryId() == batch.id()).findFirst()
                .orElseThrow(() -> new ArrowFormatException(where + "belongs to no column of the schema"));
        RecordBatch data = batch.data();
        if (data == null || data.nodesLength() != 1) {
            throw new ArrowFormatException(where + "does not hold exactly one column of values");
        }
        var buffers = new BatchBuffers(data, message.body(), where);
        open.add(buffers);
        dictionaries.put(batch.id(), part(field.column(), null, data.nodes(0), buffers, new int[] {0}, data.length(), where));
    }

    /** The buffers of one column in a batch, checked against its length. */
    private static Part part(ColumnSpec column, DType indexType, FieldNode node, BatchBuffers buffers, int[] next, long rows,
                             String where) throws ArrowFormatException {
        long length = node.length();
        if (length != rows) {
            throw new ArrowFormatException(where + "has " + length + " values in a batch of " + rows + " rows");
        }
        MemorySegment validity = buffers.get(next[0]++);
        if (validity.byteSize() == 0) {
            if (node.nullCount() != 0) {
                throw new ArrowFormatException(where + "has " + node.nullCount() + " nulls but no validity bitmap");
            }
            validity = null;
        } else {
            require(validity, (length + 7) / 8, "validity bitmap", where);
        }
        MemorySegment offsets = null;
        boolean wide = column.dtype() == DType.INT64;
        MemorySegment values = buffers.get(next[0]++);
        ColumnLayout layout = indexType != null ? ColumnLayout.FIXED : column.layout();
        switch (layout) {
            case FIXED -> {
                DType dtype = indexType != null ? indexType : column.dtype();
                require(values, dtype == DType.BOOL ? (length + 7) / 8 : length * dtype.itemSize(), "values", where);
            }
            case FIXED_WIDTH -> require(values, Math.multiplyExact(length, column.width()), "values", where);
            case VARIABLE -> {
                offsets = values;
                values = buffers.get(next[0]++);
                require(offsets, length == 0 ? 0 : (length + 1) * (wide ? 8 : 4), "offsets", where);
                long previous = 0;
                for (long row = 0; length > 0 && row <= length; row++) {
                    long offset = wide ? offsets.getAtIndex(LONG, row) : offsets.getAtIndex(INT, row);
                    if (offset < previous || offset > values.byteSize()) {
                        throw new ArrowFormatException(where + "has offset " + offset + " at row " + row
                                + (offset < previous ? ", below the one before it" : ", past its " + values.byteSize() + " value bytes"));
                    }
                    previous = offset;
                }
            }
        }
        return new Part(length, validity, offsets, wide, values);
    }

    private static void require(MemorySegment buffer, long bytes, String what, String where) throws ArrowFormatException {
        if (buffer.byteSize() < bytes) {
            throw new ArrowFormatException(where + "has a " + what + " buffer of " + buffer.byteSize() + " bytes; it needs " + bytes);
        }
    }

    /** The parts of every column of batch {@code index}; its buffers stay open until {@code buffers} closes. */
    private List<Part> parts(int index, BatchBuffers buffers) throws ArrowFormatException {
        IpcMessages.IpcMessage message = batches.get(index);
        RecordBatch batch = (RecordBatch) message.metadata().header(new RecordBatch());
        String at = source + ": record batch " + index + " at byte " + message.offset() + ", ";
        if (batch.nodesLength() != fields.size()) {
            throw new ArrowFormatException(at + "has " + batch.nodesLength() + " columns; the schema has " + fields.size());
        }
        if (batch.length() < 0) {
            throw new ArrowFormatException(at + "has " + batch.length() + " rows");
        }
        int[] next = {0};
        List<Part> parts = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            FieldPlan field = fields.get(i);
            String where = at + "column \"" + field.column().name() + "\" ";
            Part part = part(field.column(), field.indexType(), batch.nodes(i), buffers, next, batch.length(), where);
            if (field.dictionaryId() != null) {
                checkIndices(part, field, where);
            }
            parts.add(part);
        }
        return parts;
    }

    private void checkIndices(Part part, FieldPlan field, String where) throws ArrowFormatException {
        Part dictionary = dictionaries.get(field.dictionaryId());
        if (dictionary == null) {
            throw new ArrowFormatException(where + "uses dictionary " + field.dictionaryId() + ", which the file does not hold");
        }
        for (long row = 0; row < part.length(); row++) {
            if (part.valid(row)) {
                long index = index(part.values(), field.indexType(), row);
                if (index < 0 || index >= dictionary.length()) {
                    throw new ArrowFormatException(where + "row " + row + " has dictionary index " + index + "; the dictionary has "
                            + dictionary.length() + " values");
                }
            }
        }
    }

    private BatchBuffers buffers(int index) throws ArrowFormatException {
        IpcMessages.IpcMessage message = batches.get(index);
        return new BatchBuffers((RecordBatch) message.metadata().header(new RecordBatch()), message.body(),
                source + ": record batch " + index + " at byte " + message.offset() + ", ");
    }

    /** Checks every batch and sizes the table: rows, and the value bytes of each variable column. */
    TableSpec spec() throws ArrowFormatException {
        try {
            return checkedSpec();
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException | IllegalArgumentException
                 | ArithmeticException | NegativeArraySizeException | IllegalStateException malformed) {
            throw new ArrowFormatException(source + ": malformed Arrow metadata (" + malformed + ")", malformed);
        }
    }

    private TableSpec checkedSpec() throws ArrowFormatException {
        long rows = 0;
        long[] valueBytes = new long[fields.size()];
        for (int b = 0; b < batches.size(); b++) {
            try (BatchBuffers buffers = buffers(b)) {
                List<Part> parts = parts(b, buffers);
                for (int i = 0; i < fields.size(); i++) {
                    if (fields.get(i).column().layout() == ColumnLayout.VARIABLE) {
                        valueBytes[i] += valueBytes(parts.get(i), fields.get(i));
                    }
                }
                rows += buffers.rows();
            }
        }
        List<ColumnSpec> columns = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            ColumnSpec column = fields.get(i).column();
            if (column.layout() == ColumnLayout.VARIABLE) {
                column = new ColumnSpec(column.name(), column.layout(), column.dtype(), 0, valueBytes[i], false, column.logicalType());
                if (valueBytes[i] > Integer.MAX_VALUE) {
                    column = column.withLargeOffsets();
                }
            }
            columns.add(fields.get(i).nullable() ? column.withNulls() : column);
        }
        return new TableSpec(rows, columns);
    }

    private long valueBytes(Part part, FieldPlan field) {
        if (field.dictionaryId() == null) {
            return part.length() == 0 ? 0 : offset(part, part.length()) - offset(part, 0);
        }
        Part dictionary = dictionaries.get(field.dictionaryId());
        long bytes = 0;
        for (long row = 0; row < part.length(); row++) {
            if (part.valid(row)) {
                long index = index(part.values(), field.indexType(), row);
                bytes += offset(dictionary, index + 1) - offset(dictionary, index);
            }
        }
        return bytes;
    }

    /** Puts the table as variable {@code name}; {@code spec} is what {@link #spec()} said. */
    Table put(Shelf shelf, String name, TableSpec spec) throws ArrowFormatException {
        return shelf.putTable(name, spec, table -> {
            long[] valueBase = new long[fields.size()];
            long rowBase = 0;
            for (int b = 0; b < batches.size(); b++) {
                try (BatchBuffers buffers = buffers(b)) {
                    List<Part> parts = parts(b, buffers);
                    for (int i = 0; i < fields.size(); i++) {
                        valueBase[i] = copy(parts.get(i), fields.get(i), table, i, rowBase, valueBase[i]);
                    }
                    rowBase += buffers.rows();
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                if (spec.columns().get(i).layout() == ColumnLayout.VARIABLE && spec.rows() == 0) {
                    setOffset(table.offsets(i), spec.columns().get(i), 0, 0);
                }
            }
        });
    }

    /** Copies one batch's part of column {@code i}; returns the value bytes written so far. */
    private long copy(Part part, FieldPlan field, TableBuffers table, int i, long rowBase, long valueBase) {
        ColumnSpec target = table.column(i);
        Part dictionary = field.dictionaryId() == null ? null : dictionaries.get(field.dictionaryId());
        if (target.nullable()) {
            copyValidity(part, dictionary, field, table.validity(i), rowBase);
        }
        MemorySegment values = table.values(i);
        long rows = part.length();
        if (target.layout() == ColumnLayout.VARIABLE) {
            MemorySegment offsets = table.offsets(i);
            if (rowBase == 0) {
                setOffset(offsets, target, 0, 0);
            }
            if (dictionary == null) {
                if (rows == 0) {
                    return valueBase;
                }
                long first = offset(part, 0);
                for (long row = 0; row < rows; row++) {
                    setOffset(offsets, target, rowBase + row + 1, valueBase + offset(part, row + 1) - first);
                }
                long length = offset(part, rows) - first;
                MemorySegment.copy(part.values(), first, values, valueBase, length);
                return valueBase + length;
            }
            for (long row = 0; row < rows; row++) {
                if (part.valid(row)) {
                    long at = index(part.values(), field.indexType(), row);
                    long start = offset(dictionary, at);
                    long length = offset(dictionary, at + 1) - start;
                    MemorySegment.copy(dictionary.values(), start, values, valueBase, length);
                    valueBase += length;
                }
                setOffset(offsets, target, rowBase + row + 1, valueBase);
            }
            return valueBase;
        }
        int itemSize = target.layout() == ColumnLayout.FIXED_WIDTH ? target.width() : target.dtype().itemSize();
        boolean bits = target.dtype() == DType.BOOL;
        if (dictionary == null && !bits) {
            MemorySegment.copy(part.values(), 0, values, rowBase * itemSize, rows * itemSize);
            return valueBase;
        }
        for (long row = 0; row < rows; row++) {
            Part from = part;
            long at = row;
            if (dictionary != null) {
                from = dictionary;
                at = part.valid(row) ? index(part.values(), field.indexType(), row) : -1;
            }
            long to = (rowBase + row) * itemSize;
            if (at < 0) {
                values.asSlice(to, itemSize).fill((byte) 0);
            } else if (bits) {
                boolean set = (from.values().get(ValueLayout.JAVA_BYTE, at >>> 3) & (1 << (at & 7))) != 0;
                values.set(ValueLayout.JAVA_BYTE, to, (byte) (set ? 1 : 0));
            } else {
                MemorySegment.copy(from.values(), at * itemSize, values, to, itemSize);
            }
        }
        return valueBase;
    }

    private void copyValidity(Part part, Part dictionary, FieldPlan field, MemorySegment target, long rowBase) {
        long rows = part.length();
        long row = 0;
        if (dictionary == null && rowBase % 8 == 0) {
            // Aligned: whole bytes at once, then the last few bits one by one.
            long whole = rows / 8;
            MemorySegment to = target.asSlice(rowBase / 8, whole);
            if (part.validity() == null) {
                to.fill((byte) 0xFF);
            } else {
                MemorySegment.copy(part.validity(), 0, to, 0, whole);
            }
            row = whole * 8;
        }
        for (; row < rows; row++) {
            boolean valid = part.valid(row);
            if (valid && dictionary != null) {
                valid = dictionary.valid(index(part.values(), field.indexType(), row));
            }
            long bit = rowBase + row;
            byte bits = target.get(ValueLayout.JAVA_BYTE, bit >>> 3);
            int mask = 1 << (bit & 7);
            target.set(ValueLayout.JAVA_BYTE, bit >>> 3, (byte) (valid ? bits | mask : bits & ~mask));
        }
    }

    private static long offset(Part part, long row) {
        return part.wideOffsets() ? part.offsets().getAtIndex(LONG, row) : part.offsets().getAtIndex(INT, row);
    }

    private static void setOffset(MemorySegment offsets, ColumnSpec column, long row, long value) {
        if (column.dtype() == DType.INT64) {
            offsets.setAtIndex(LONG, row, value);
        } else {
            offsets.setAtIndex(INT, row, (int) value);
        }
    }

    private static long index(MemorySegment indices, DType type, long row) {
        return switch (type) {
            case INT8 -> indices.get(ValueLayout.JAVA_BYTE, row);
            case UINT8 -> Byte.toUnsignedLong(indices.get(ValueLayout.JAVA_BYTE, row));
            case INT16 -> indices.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, row);
            case UINT16 -> Short.toUnsignedLong(indices.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, row));
            case INT32 -> indices.getAtIndex(INT, row);
            case UINT32 -> Integer.toUnsignedLong(indices.getAtIndex(INT, row));
            default -> indices.getAtIndex(LONG, row);
        };
    }

    @Override
    public void close() {
        open.forEach(BatchBuffers::close);
    }
}
