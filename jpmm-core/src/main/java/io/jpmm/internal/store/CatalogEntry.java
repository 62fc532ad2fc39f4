package io.jpmm.internal.store;

import java.util.Arrays;

/**
 * One committed variable: its name, what it holds and where its bytes lie.
 *
 * @param dims         the dimensions, outermost first (C order); empty for a scalar
 * @param dataChecksum CRC32C of the data recorded at put time, or {@link #NO_CHECKSUM}
 */
public record CatalogEntry(String name, StoredKind kind, StoredDType dtype, long[] dims, Extent extent,
                           long dataChecksum) {
    public static final long NO_CHECKSUM = -1;

    public CatalogEntry {
        dims = dims.clone();
    }

    public CatalogEntry(String name, StoredKind kind, StoredDType dtype, long[] dims, Extent extent) {
        this(name, kind, dtype, dims, extent, NO_CHECKSUM);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public CatalogEntry withoutChecksum() {
        return new CatalogEntry(name, kind, dtype, dims, extent, NO_CHECKSUM);
    }

    public CatalogEntry renamed(String newName) {
        return new CatalogEntry(newName, kind, dtype, dims, extent, dataChecksum);
    }

    public long byteSize() {
        return extent.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CatalogEntry entry && name.equals(entry.name) && kind == entry.kind
                && dtype == entry.dtype && Arrays.equals(dims, entry.dims) && extent.equals(entry.extent)
                && dataChecksum == entry.dataChecksum;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dims) + extent.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + kind + " " + dtype + " " + Arrays.toString(dims) + " at " + extent;
    }
}
