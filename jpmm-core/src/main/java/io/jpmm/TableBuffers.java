package io.jpmm;

import io.jpmm.internal.table.TableBlock;
import java.lang.foreign.MemorySegment;

/**
 * The space of a table being put, for its {@link TableFiller} to write: per column, the values, the
 * offsets of a variable column and the validity bitmap of a nullable one, each exactly as long as
 * the {@link TableSpec} asks. The layouts are Arrow's: little-endian values; offsets of rows + 1
 * entries from 0 up to the value bytes; validity bit {@code i % 8} of byte {@code i / 8} set where
 * row {@code i} has a value. Nothing is zero-filled first. Valid only until the filler returns.
 */
public final class TableBuffers {
    private final TableBlock block;
    private final MemorySegment memory;

    TableBuffers(TableBlock block, MemorySegment memory) {
        this.block = block;
        this.memory = memory;
    }

    public long rows() {
        return block.rows();
    }

    public int columnCount() {
        return block.columns().size();
    }

    public ColumnSpec column(int column) {
        return block.columns().get(column).spec();
    }

    /** The values of {@code column}: elements, fixed-width values, or the value bytes of a variable column. */
    public MemorySegment values(int column) {
        return block.columns().get(column).values().in(memory);
    }

    /** The rows + 1 offsets of a variable column. */
    public MemorySegment offsets(int column) {
        return require(column, ColumnLayout.VARIABLE == column(column).layout(), "offsets (it is not variable-length)")
                .offsets().in(memory);
    }

    /** The validity bitmap of a nullable column: (rows + 7) / 8 bytes. */
    public MemorySegment validity(int column) {
        return require(column, column(column).nullable(), "validity bitmap (it is not nullable)").validity().in(memory);
    }

    private TableBlock.Column require(int column, boolean has, String what) {
        if (!has) {
            throw new IllegalArgumentException("column \"" + column(column).name() + "\" has no " + what);
        }
        return block.columns().get(column);
    }
}
