package io.jpmm;

/** How a {@link Table} column's values lie in memory: Arrow's layouts, which are NumPy-like arrays. */
public enum ColumnLayout {
    /** One element of the column's dtype per row: an array of shape (rows). */
    FIXED,
    /** Variable-length byte strings: rows + 1 offsets into one array of value bytes. */
    VARIABLE,
    /** Byte strings of one width: a uint8 array of shape (rows, width). */
    FIXED_WIDTH;

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
