package io.jpmm;

import io.jpmm.internal.store.MappedVariable;
import io.jpmm.internal.store.ShelfStore;
import io.jpmm.internal.table.TableBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table variable: named columns of equal length, each a shelved array (plus a validity bitmap
 * where it has nulls, and offsets where its values are variable-length strings or bytes), read in
 * place like any shelved array. The layouts are Arrow's, so the jpmm-arrow module exchanges tables
 * with Arrow IPC files without converting values. Put with
 * {@link Shelf#putTable(String, TableSpec, TableFiller)}; read with {@link Shelf#table(String)}.
 * Like an array reference, a table is valid until the variable is replaced or erased, or the shelf
 * closes.
 */
public final class Table {
    private final String name;
    private final long rows;
    private final Map<String, TableColumn> columns;
    private final List<TableColumn> ordered;

    private Table(String name, long rows, Map<String, TableColumn> columns) {
        this.name = name;
        this.rows = rows;
        this.columns = columns;
        this.ordered = List.copyOf(columns.values());
    }

    static Table shelved(ShelfStore store, MappedVariable variable) {
        String name = variable.entry().name();
        TableBlock block;
        try {
            block = TableBlock.read(variable.segment());
        } catch (TableBlock.MalformedTableException malformed) {
            throw new ShelfCorruptedException(store.file(), variable.entry().extent().offset(),
                    "table \"" + name + "\": " + malformed.getMessage());
        }
        Map<String, TableColumn> columns = new LinkedHashMap<>();
        for (TableBlock.Column column : block.columns()) {
            columns.put(column.spec().name(), new TableColumn(store, variable, block.rows(), column));
        }
        return new Table(name, block.rows(), columns);
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    public long rows() {
        return rows;
    }

    public int columnCount() {
        return columns.size();
    }

    /** The columns, in order. */
    public List<TableColumn> columns() {
        return ordered;
    }

    public List<String> columnNames() {
        return List.copyOf(columns.keySet());
    }

    /** The column at {@code index}, counted from 0. */
    public TableColumn column(int index) {
        return ordered.get(index);
    }

    /** The column called {@code name}. */
    public TableColumn column(String name) {
        TableColumn column = columns.get(name);
        if (column == null) {
            throw new IllegalArgumentException("table \"" + this.name + "\" has no column \"" + name + "\"; it has "
                    + columns.keySet());
        }
        return column;
    }

    /** The schema this table was put with, for putting another like it. */
    public TableSpec spec() {
        return new TableSpec(rows, columns.values().stream().map(TableColumn::spec).toList());
    }

    /** One line: {@code trips: table of 3 rows, columns id int64, name utf8?} ({@code ?} marks nullable ones). */
    @Override
    public String toString() {
        var text = new StringBuilder(name).append(": table of ").append(rows).append(rows == 1 ? " row" : " rows")
                .append(", columns ");
        String separator = "";
        for (TableColumn column : columns.values()) {
            text.append(separator).append(column.name()).append(' ').append(column.typeName())
                    .append(column.spec().nullable() ? "?" : "");
            separator = ", ";
        }
        return text.toString();
    }
}
