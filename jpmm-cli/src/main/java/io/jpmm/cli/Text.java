package io.jpmm.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formatting for the terminal: byte counts and aligned tables. */
final class Text {

    private Text() {
    }

    /** {@code 1536} → {@code "1.5 KiB"}. */
    static String bytes(long count) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Rows of cells as left-aligned columns separated by two spaces. */
    static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int column = 0; column < row.size(); column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < row.size(); column++) {
                String cell = row.get(column);
                line.append(column == row.size() - 1 ? cell : cell + " ".repeat(widths[column] - cell.length() + 2));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /** A JSON string literal. */
    static String json(String value) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                default -> text.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return text.append('"').toString();
    }
}
