package io.jpmm.cli;

import io.jpmm.Table;
import io.jpmm.TableColumn;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A table as text: its description, then its first rows as aligned columns, null where a row has no value. */
final class TableText {
    private static final int CELL_CHARACTERS = 40;

    private TableText() {
    }

    static String format(Table table, long rowsShown) {
        long shown = Math.min(rowsShown, table.rows());
        List<List<String>> rows = new ArrayList<>();
        for (long row = 0; row < shown; row++) {
            List<String> cells = new ArrayList<>(table.columnCount());
            for (TableColumn column : table.columns()) {
                cells.add(cell(column.get(row)));
            }
            rows.add(cells);
        }
        String more = shown < table.rows() ? "... " + (table.rows() - shown) + " more rows (--full shows every row)\n" : "";
        return (table + "\n" + Text.table(table.columnNames(), rows) + more).stripTrailing();
    }

    private static String cell(Object value) {
        String text = switch (value) {
            case null -> "null";
            case byte[] bytes -> "0x" + HexFormat.of().formatHex(bytes);
            case Object other -> other.toString();
        };
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > CELL_CHARACTERS ? printable.substring(0, CELL_CHARACTERS - 3) + "..." : printable;
    }
}
