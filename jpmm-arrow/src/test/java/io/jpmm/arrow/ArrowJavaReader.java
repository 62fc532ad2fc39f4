package io.jpmm.arrow;

import java.io.FileInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Arrow Java (arrow-vector) as an independent reader of what jpmm writes, run in a child JVM with
 * the {@code --add-opens} its memory module needs: prints the table as JSON, values as the oracle's
 * expected.json spells them (bytes in hex, dates and timestamps as their stored integers).
 */
public final class ArrowJavaReader {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        boolean fileFormat = args[1].equals("FILE");
        List<Map<String, Object>> columns = new ArrayList<>();
        long rows = 0;
        try (var allocator = new RootAllocator(); var in = new FileInputStream(file.toFile());
             ArrowReader reader = fileFormat ? new ArrowFileReader(in.getChannel(), allocator) : new ArrowStreamReader(in, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            for (var field : root.getSchema().getFields()) {
                Map<String, Object> column = new LinkedHashMap<>();
                column.put("name", field.getName());
                column.put("type", field.getType().toString());
                column.put("nullable", field.isNullable());
                column.put("values", new ArrayList<>());
                columns.add(column);
            }
            while (reader.loadNextBatch()) {
                rows += root.getRowCount();
                for (int c = 0; c < columns.size(); c++) {
                    @SuppressWarnings("unchecked")
                    List<Object> values = (List<Object>) columns.get(c).get("values");
                    FieldVector vector = root.getVector(c);
                    for (int row = 0; row < root.getRowCount(); row++) {
                        values.add(vector.isNull(row) ? null : value(vector, row));
                    }
                }
            }
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("rows", rows);
        table.put("columns", columns);
        // UTF-8 whatever the locale: System.out would write '?' for "héllo" where no locale is set.
        System.out.write(JsonMapper.builder().build().writeValueAsBytes(table));
        System.out.flush();
    }

    private static Object value(FieldVector vector, int row) {
        return switch (vector) {
            case BitVector bits -> bits.getObject(row);
            case UInt1Vector u -> (long) u.getObjectNoOverflow(row);
            case UInt2Vector u -> (long) u.getObject(row);
            case UInt4Vector u -> u.getObjectNoOverflow(row);
            case UInt8Vector u -> longOrBig(u.getObjectNoOverflow(row));
            case Float2Vector half -> (double) half.getValueAsFloat(row);
            case DateDayVector days -> (long) days.get(row);
            case DateMilliVector millis -> millis.get(row);
            case TimeStampVector time -> time.get(row);
            default -> {
                Object value = vector.getObject(row);
                yield switch (value) {
                    case byte[] bytes -> Map.of("hex", HexFormat.of().formatHex(bytes));
                    case Float f -> (double) f;
                    case Number n when !(value instanceof Double) -> n.longValue();
                    default -> value instanceof Double ? value : value.toString();
                };
            }
        };
    }

    private static Object longOrBig(BigInteger value) {
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
