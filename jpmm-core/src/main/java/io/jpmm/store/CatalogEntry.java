package io.jpmm.store;

import io.jpmm.DType;
import io.jpmm.Shape;
import io.jpmm.VariableKind;

/**
 * One committed variable: its name, what it holds and where its bytes lie.
 *
 * @param dataChecksum CRC32C of the data recorded at put time, or {@link #NO_CHECKSUM}
 */
public record CatalogEntry(String name, VariableKind kind, DType dtype, Shape shape, Extent extent, long dataChecksum) {
    public static final long NO_CHECKSUM = -1;

    public CatalogEntry(String name, VariableKind kind, DType dtype, Shape shape, Extent extent) {
        this(name, kind, dtype, shape, extent, NO_CHECKSUM);
    }

    public CatalogEntry withoutChecksum() {
        return new CatalogEntry(name, kind, dtype, shape, extent, NO_CHECKSUM);
    }

    public CatalogEntry renamed(String newName) {
        return new CatalogEntry(newName, kind, dtype, shape, extent, dataChecksum);
    }

    public long byteSize() {
        return extent.length();
    }
}
