package io.jpmm.arrow;

import io.jpmm.ColumnLayout;
import io.jpmm.ColumnSpec;
import io.jpmm.DType;
import org.apache.arrow.flatbuf.Date;
import org.apache.arrow.flatbuf.DateUnit;
import org.apache.arrow.flatbuf.FixedSizeBinary;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.TimeUnit;
import org.apache.arrow.flatbuf.Timestamp;
import org.apache.arrow.flatbuf.Type;

/**
 * Arrow's types as jpmm columns, and back. Each supported type is a column layout, a dtype and a
 * logical type name: bool, int8-64 and uint8-64, float16/32/64 (plain numbers, no logical type),
 * {@code utf8} and {@code binary} (int32 offsets; the large variants int64), {@code fixed_binary},
 * {@code date32} (int32 days), {@code date64} (int64 ms), {@code timestamp[UNIT]} and
 * {@code timestamp[UNIT, ZONE]} (int64).
 */
final class ArrowTypes {
    static final String SUPPORTED = "bool, int8-64, uint8-64, float16/32/64, utf8, large_utf8, binary, large_binary,"
            + " fixed_size_binary, date32, date64, timestamp, and dictionaries of these";
    private static final String[] UNITS = {"s", "ms", "us", "ns"};

    private ArrowTypes() {
    }

    /** The column a field of {@code type} becomes, without its size; {@code type} is the field's (a dictionary's value) type. */
    static ColumnSpec column(String name, byte typeType, org.apache.arrow.flatbuf.Field field, String where)
            throws ArrowFormatException {
        return switch (typeType) {
            case Type.Bool -> ColumnSpec.of(name, DType.BOOL);
            case Type.Int -> {
                Int integer = (Int) field.type(new Int());
                yield ColumnSpec.of(name, integerDType(integer.bitWidth(), integer.isSigned(), where));
            }
            case Type.FloatingPoint -> ColumnSpec.of(name, switch (((FloatingPoint) field.type(new FloatingPoint())).precision()) {
                case Precision.HALF -> DType.FLOAT16;
                case Precision.SINGLE -> DType.FLOAT32;
                case Precision.DOUBLE -> DType.FLOAT64;
                default -> throw new ArrowFormatException(where + "has an unknown floating-point precision");
            });
            case Type.Utf8 -> ColumnSpec.utf8(name, 0);
            case Type.LargeUtf8 -> ColumnSpec.utf8(name, 0).withLargeOffsets();
            case Type.Binary -> ColumnSpec.binary(name, 0);
            case Type.LargeBinary -> ColumnSpec.binary(name, 0).withLargeOffsets();
            case Type.FixedSizeBinary -> {
                int width = ((FixedSizeBinary) field.type(new FixedSizeBinary())).byteWidth();
                if (width <= 0) {
                    throw new ArrowFormatException(where + "is fixed_size_binary of width " + width);
                }
                yield ColumnSpec.fixedWidth(name, width);
            }
            case Type.Date -> ((Date) field.type(new Date())).unit() == DateUnit.DAY
                    ? ColumnSpec.of(name, DType.INT32).withLogicalType("date32")
                    : ColumnSpec.of(name, DType.INT64).withLogicalType("date64");
            case Type.Timestamp -> {
                Timestamp timestamp = (Timestamp) field.type(new Timestamp());
                int unit = timestamp.unit();
                if (unit < 0 || unit >= UNITS.length) {
                    throw new ArrowFormatException(where + "has an unknown time unit " + unit);
                }
                String zone = timestamp.timezone();
                yield ColumnSpec.of(name, DType.INT64).withLogicalType("timestamp[" + UNITS[unit]
                        + (zone == null || zone.isEmpty() ? "" : ", " + zone) + "]");
            }
            default -> throw new ArrowFormatException(where + "has Arrow type " + typeName(typeType)
                    + ", which jpmm does not store (it stores " + SUPPORTED + ")");
        };
    }

    static DType integerDType(int bitWidth, boolean signed, String where) throws ArrowFormatException {
        return switch (bitWidth) {
            case 8 -> signed ? DType.INT8 : DType.UINT8;
            case 16 -> signed ? DType.INT16 : DType.UINT16;
            case 32 -> signed ? DType.INT32 : DType.UINT32;
            case 64 -> signed ? DType.INT64 : DType.UINT64;
            default -> throw new ArrowFormatException(where + "has integers of " + bitWidth + " bits");
        };
    }

    static String typeName(byte typeType) {
        try {
            return Type.name(typeType);
        } catch (RuntimeException unknown) {
            return "#" + typeType;
        }
    }

    /** What a column is in Arrow: its flatbuffer type code and how to build the type table. */
    record ArrowType(byte typeType, TypeWriter writer) {
    }

    @FunctionalInterface
    interface TypeWriter {
        int write(com.google.flatbuffers.FlatBufferBuilder builder);
    }

    /** The Arrow type of {@code column}. */
    static ArrowType arrowType(ColumnSpec column, String where) throws ArrowFormatException {
        String logical = column.logicalType();
        DType dtype = column.dtype();
        if (column.layout() == ColumnLayout.VARIABLE) {
            boolean large = dtype == DType.INT64;
            boolean text = logical.equals("utf8");
            byte type = text ? (large ? Type.LargeUtf8 : Type.Utf8) : (large ? Type.LargeBinary : Type.Binary);
            return new ArrowType(type, builder -> {
                builder.startTable(0);
                return builder.endTable();
            });
        }
        if (column.layout() == ColumnLayout.FIXED_WIDTH) {
            return new ArrowType(Type.FixedSizeBinary, builder -> FixedSizeBinary.createFixedSizeBinary(builder, column.width()));
        }
        if (logical.equals("date32") && dtype == DType.INT32 || logical.equals("date64") && dtype == DType.INT64) {
            short unit = logical.equals("date32") ? DateUnit.DAY : DateUnit.MILLISECOND;
            return new ArrowType(Type.Date, builder -> Date.createDate(builder, unit));
        }
        if (logical.startsWith("timestamp[") && logical.endsWith("]") && dtype == DType.INT64) {
            String[] parts = logical.substring("timestamp[".length(), logical.length() - 1).split(", ", 2);
            short unit = (short) java.util.Arrays.asList(UNITS).indexOf(parts[0]);
            if (unit < 0) {
                throw new ArrowFormatException(where + "has the unknown time unit of " + logical);
            }
            String zone = parts.length == 2 ? parts[1] : null;
            return new ArrowType(Type.Timestamp, builder -> Timestamp.createTimestamp(builder, unit,
                    zone == null ? 0 : builder.createString(zone)));
        }
        return switch (dtype) {
            case BOOL -> new ArrowType(Type.Bool, builder -> {
                builder.startTable(0);
                return builder.endTable();
            });
            case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> new ArrowType(Type.Int,
                    builder -> Int.createInt(builder, dtype.itemSize() * 8, dtype.name().startsWith("INT")));
            case FLOAT16, FLOAT32, FLOAT64 -> new ArrowType(Type.FloatingPoint, builder -> FloatingPoint.createFloatingPoint(builder,
                    dtype == DType.FLOAT16 ? Precision.HALF : dtype == DType.FLOAT32 ? Precision.SINGLE : Precision.DOUBLE));
            default -> throw new ArrowFormatException(where + "is " + dtype + ", which Arrow has no type for");
        };
    }
}
