package io.jpmm;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a {@link Table} to be put: its row count and its columns, in order.
 *
 * @throws IllegalArgumentException if rows is negative, there are no columns, or two share a name
 */
public record TableSpec(long rows, List<ColumnSpec> columns) {
    /** The most columns a table holds. */
    public static final int MAX_COLUMNS = 65_535;

    public TableSpec {
        columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
        if (rows < 0) {
            throw new IllegalArgumentException("a table has " + rows + " rows");
        }
        if (columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("a table has 1 to " + MAX_COLUMNS + " columns, not " + columns.size());
        }
        var seen = new HashSet<String>();
        for (ColumnSpec column : columns) {
            if (column.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 65_535) {
                throw new IllegalArgumentException("column name of more than 65,535 UTF-8 bytes: \""
                        + column.name().substring(0, 40) + "...\"");
            }
            if (!seen.add(column.name())) {
                throw new IllegalArgumentException("two columns are called \"" + column.name() + "\"");
            }
        }
    }

    public static TableSpec of(long rows, ColumnSpec... columns) {
        return new TableSpec(rows, List.of(columns));
    }
}
