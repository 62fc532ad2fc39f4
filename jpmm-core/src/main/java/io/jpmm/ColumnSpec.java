package io.jpmm;

import java.util.Objects;

/**
 * One column of a {@link Table} to be put: its name, how its values are laid out, and whether it has
 * a validity bitmap. Made by the factories ({@link #of}, {@link #utf8}, {@link #binary},
 * {@link #fixedWidth}) and refined with {@link #withNulls()}, {@link #withLargeOffsets()} and
 * {@link #withLogicalType(String)}.
 *
 * @param name        the column's name: any text of at most 65,535 UTF-8 bytes, unique in its table
 * @param layout      how the values lie
 * @param dtype       {@link ColumnLayout#FIXED}: the element dtype; {@link ColumnLayout#VARIABLE}: the
 *                    offsets' dtype, int32 or int64; {@link ColumnLayout#FIXED_WIDTH}: uint8
 * @param width       bytes per value of a {@link ColumnLayout#FIXED_WIDTH} column, else 0
 * @param valueBytes  the bytes of all values of a {@link ColumnLayout#VARIABLE} column, else 0 (derived)
 * @param nullable    whether the column has a validity bitmap (bit set = value present)
 * @param logicalType what the values mean beyond their layout, as adapters spell it: empty for plain
 *                    numbers, {@code utf8}, {@code binary}, {@code date32}, {@code timestamp[us]},
 *                    {@code timestamp[ns, UTC]}, ...; at most 255 UTF-8 bytes
 */
public record ColumnSpec(String name, ColumnLayout layout, DType dtype, int width, long valueBytes, boolean nullable,
                         String logicalType) {

    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(logicalType, "logicalType");
        String problem = switch (layout) {
            case FIXED -> width != 0 || valueBytes != 0 ? "a fixed column has no width or value bytes" : null;
            case VARIABLE -> dtype != DType.INT32 && dtype != DType.INT64 ? "offsets are int32 or int64, not " + dtype
                    : valueBytes < 0 ? "value bytes " + valueBytes + " < 0" : width != 0 ? "a variable column has no width" : null;
            case FIXED_WIDTH -> dtype != DType.UINT8 ? "fixed-width values are uint8, not " + dtype
                    : width <= 0 ? "width " + width + " ≤ 0" : valueBytes != 0 ? "a fixed-width column has no value bytes" : null;
        };
        if (problem != null) {
            throw new IllegalArgumentException("column \"" + name + "\": " + problem);
        }
    }

    /** A column of {@code dtype} elements, one per row. */
    public static ColumnSpec of(String name, DType dtype) {
        return new ColumnSpec(name, ColumnLayout.FIXED, dtype, 0, 0, false, "");
    }

    /** A column of UTF-8 strings whose bytes add up to {@code valueBytes}, with int32 offsets. */
    public static ColumnSpec utf8(String name, long valueBytes) {
        return new ColumnSpec(name, ColumnLayout.VARIABLE, DType.INT32, 0, valueBytes, false, "utf8");
    }

    /** A column of byte strings whose bytes add up to {@code valueBytes}, with int32 offsets. */
    public static ColumnSpec binary(String name, long valueBytes) {
        return new ColumnSpec(name, ColumnLayout.VARIABLE, DType.INT32, 0, valueBytes, false, "binary");
    }

    /** A column of byte strings of {@code width} bytes each. */
    public static ColumnSpec fixedWidth(String name, int width) {
        return new ColumnSpec(name, ColumnLayout.FIXED_WIDTH, DType.UINT8, width, 0, false, "fixed_binary");
    }

    /** This column with a validity bitmap. */
    public ColumnSpec withNulls() {
        return new ColumnSpec(name, layout, dtype, width, valueBytes, true, logicalType);
    }

    /** This variable column with int64 offsets, for values past 2 GiB. */
    public ColumnSpec withLargeOffsets() {
        return new ColumnSpec(name, layout, DType.INT64, width, valueBytes, nullable, logicalType);
    }

    /** This column with {@code type} as its logical type. */
    public ColumnSpec withLogicalType(String type) {
        return new ColumnSpec(name, layout, dtype, width, valueBytes, nullable, type);
    }
}
