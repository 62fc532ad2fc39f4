package io.jpmm;

import io.jpmm.internal.array.ElementCodec;
import io.jpmm.internal.store.MappedVariable;
import io.jpmm.internal.store.ShelfStore;
import io.jpmm.internal.table.TableBlock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One column of a {@link Table}: its values as a shelved array, read (and, for fixed-width values,
 * written) in place, with its nulls and, for strings and bytes, its offsets.
 */
public final class TableColumn {
    private final ShelfStore store;
    private final MappedVariable variable;
    private final long rows;
    private final TableBlock.Column column;
    private final ArrayHome home;

    TableColumn(ShelfStore store, MappedVariable variable, long rows, TableBlock.Column column) {
        this.home = new ArrayHome.Shelved(store, variable);
        this.store = store;
        this.variable = variable;
        this.rows = rows;
        this.column = column;
    }

    public String name() {
        return column.spec().name();
    }

    public ColumnSpec spec() {
        return column.spec();
    }

    public ColumnLayout layout() {
        return column.spec().layout();
    }

    /** What the values mean, as the adapter that put them spells it: empty for plain numbers, {@code utf8}, ... */
    public String logicalType() {
        return column.spec().logicalType();
    }

    /** The logical type, or for plain numbers the dtype: {@code int64}, {@code utf8}, {@code timestamp[us]}. */
    public String typeName() {
        return logicalType().isEmpty() ? column.spec().dtype().toString() : logicalType();
    }

    public long rows() {
        return rows;
    }

    /** How many rows hold no value. */
    public long nullCount() {
        return column.nullCount();
    }

    /**
     * The values as an array: for a {@link ColumnLayout#FIXED} column, shape (rows) of its dtype; for
     * {@link ColumnLayout#FIXED_WIDTH}, uint8 of shape (rows, width); for {@link ColumnLayout#VARIABLE},
     * all value bytes, uint8 of shape (value bytes), read-only. A null row's value is unspecified.
     */
    public NdArray values() {
        ColumnSpec spec = column.spec();
        return switch (spec.layout()) {
            case FIXED -> part(spec.dtype(), Shape.of(rows), column.values(), false);
            case FIXED_WIDTH -> part(DType.UINT8, Shape.of(rows, spec.width()), column.values(), false);
            case VARIABLE -> part(DType.UINT8, Shape.of(column.values().length()), column.values(), true);
        };
    }

    /** The rows + 1 offsets of a variable column into {@link #values()} (int32 or int64), read-only. */
    public Optional<NdArray> offsets() {
        return column.spec().layout() != ColumnLayout.VARIABLE ? Optional.empty()
                : Optional.of(part(column.spec().dtype(), Shape.of(rows + 1), column.offsets(), true));
    }

    /** The validity bitmap of a nullable column, (rows + 7) / 8 bytes, bit {@code i % 8} of byte {@code i / 8} set where row {@code i} has a value; read-only. */
    public Optional<NdArray> validity() {
        return !column.spec().nullable() ? Optional.empty()
                : Optional.of(part(DType.UINT8, Shape.of(column.validity().length()), column.validity(), true));
    }

    /** Whether row {@code row} holds no value. */
    public boolean isNull(long row) {
        checkRow(row);
        if (!column.spec().nullable()) {
            return false;
        }
        byte bits = memory(column.validity()).get(ValueLayout.JAVA_BYTE, row >>> 3);
        return (bits & (1 << (row & 7))) == 0;
    }

    /** The text of row {@code row} of a utf8 column, or null where it holds none. */
    public String string(long row) {
        byte[] bytes = bytes(row);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A copy of the bytes of row {@code row} of a variable or fixed-width column, or null where it holds none. */
    public byte[] bytes(long row) {
        if (column.spec().layout() == ColumnLayout.FIXED) {
            throw new WrongKindException("column \"" + name() + "\" holds " + typeName() + " values, not strings or bytes");
        }
        if (isNull(row)) {
            return null;
        }
        MemorySegment values = memory(column.values());
        if (column.spec().layout() == ColumnLayout.FIXED_WIDTH) {
            int width = column.spec().width();
            return values.asSlice(row * width, width).toArray(ValueLayout.JAVA_BYTE);
        }
        MemorySegment offsets = memory(column.offsets());
        boolean wide = column.spec().dtype() == DType.INT64;
        long start = wide ? offsets.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) : offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
        long end = wide ? offsets.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row + 1)
                : offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + 1);
        if (start < 0 || end < start || end > values.byteSize() || end - start > Integer.MAX_VALUE - 8) {
            throw new ShelfCorruptedException(store.file(), variable.entry().extent().offset() + column.offsets().offset(),
                    "column \"" + name() + "\" row " + row + " has offsets " + start + ".." + end + " outside its "
                            + values.byteSize() + " value bytes");
        }
        return values.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Row {@code row} as Java sees it: null where it holds no value; a {@code String} for utf8 columns;
     * a {@code byte[]} for other variable and fixed-width columns; a {@code Boolean}, {@code Long},
     * {@code Double} (for float16, bfloat16, float32 and float64) for numbers, the raw stored number
     * for dates and timestamps.
     */
    public Object get(long row) {
        if (isNull(row)) {
            return null;
        }
        if (column.spec().layout() != ColumnLayout.FIXED) {
            return logicalType().equals("utf8") ? string(row) : bytes(row);
        }
        DType dtype = column.spec().dtype();
        if (dtype.isComplex()) {
            throw new WrongKindException("column \"" + name() + "\" is " + dtype + "; read it with values().getReal/getImaginary");
        }
        // One element read where it lies: no array view built for each row.
        ElementCodec codec = ElementCodec.of(dtype);
        MemorySegment values = memory(column.values());
        long offset = row * dtype.itemSize();
        if (dtype == DType.BOOL) {
            return codec.getLong(values, offset) != 0;
        }
        if (dtype.isFloatingPoint()) {
            return codec.getDouble(values, offset);
        }
        return codec.getLong(values, offset);
    }

    @Override
    public String toString() {
        return name() + ": " + typeName() + (column.spec().nullable() ? ", " + nullCount() + " nulls" : "") + ", "
                + rows + " rows";
    }

    private NdArray part(DType dtype, Shape shape, TableBlock.Buffer buffer, boolean readOnly) {
        MemorySegment memory = memory(buffer);
        return NdArray.shelvedPart(store, variable, dtype, shape, readOnly ? memory.asReadOnly() : memory);
    }

    private MemorySegment memory(TableBlock.Buffer buffer) {
        MemorySegment table = variable.segment();
        home.checkValid(table);
        return buffer.in(table);
    }

    private void checkRow(long row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of column \"" + name() + "\" with " + rows + " rows");
        }
    }
}
