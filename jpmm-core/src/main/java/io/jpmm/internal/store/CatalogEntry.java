package io.jpmm.internal.store;

import java.util.Arrays;

/**
 * One committed variable: its name, what it holds and where its bytes lie: in an extent of the
 * file, or (a small scalar, string or bytes value, read by copy only) inline, in the catalog itself.
 *
 * @param dims         the dimensions, outermost first (C order); empty for a scalar
 * @param extent       where the bytes lie in the file; {@link Extent#EMPTY} for an inline value
 * @param dataChecksum CRC32C of the data recorded at put time, or {@link #NO_CHECKSUM}
 * @param inline       the bytes of an inline value, or null
 */
public record CatalogEntry(String name, StoredKind kind, StoredDType dtype, long[] dims, Extent extent,
                           long dataChecksum, byte[] inline) {
    public static final long NO_CHECKSUM = -1;
    /** The largest scalar, string or bytes value kept inline (and the format version that first has them). */
    public static final int INLINE_LIMIT = 4096;

    public CatalogEntry {
        dims = dims.clone();
        inline = inline == null ? null : inline.clone();
    }

    public CatalogEntry(String name, StoredKind kind, StoredDType dtype, long[] dims, Extent extent, long dataChecksum) {
        this(name, kind, dtype, dims, extent, dataChecksum, null);
    }

    public CatalogEntry(String name, StoredKind kind, StoredDType dtype, long[] dims, Extent extent) {
        this(name, kind, dtype, dims, extent, NO_CHECKSUM, null);
    }

    /** An inline value: a scalar, string or bytes of at most {@link #INLINE_LIMIT} bytes. */
    public static CatalogEntry inline(String name, StoredKind kind, StoredDType dtype, long[] dims, byte[] bytes) {
        return new CatalogEntry(name, kind, dtype, dims, Extent.EMPTY, NO_CHECKSUM, bytes);
    }

    /** Whether a value of {@code kind} and {@code length} bytes is kept inline. */
    public static boolean keptInline(StoredKind kind, long length) {
        return kind.isValue() && length <= INLINE_LIMIT;
    }

    public boolean isInline() {
        return inline != null;
    }

    @Override
    public byte[] inline() {
        return inline == null ? null : inline.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public CatalogEntry withoutChecksum() {
        return new CatalogEntry(name, kind, dtype, dims, extent, NO_CHECKSUM, inline);
    }

    public CatalogEntry renamed(String newName) {
        return new CatalogEntry(newName, kind, dtype, dims, extent, dataChecksum, inline);
    }

    public long byteSize() {
        return inline != null ? inline.length : extent.length();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CatalogEntry entry && name.equals(entry.name) && kind == entry.kind
                && dtype == entry.dtype && Arrays.equals(dims, entry.dims) && extent.equals(entry.extent)
                && dataChecksum == entry.dataChecksum && Arrays.equals(inline, entry.inline);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(dims) + extent.hashCode();
    }

    @Override
    public String toString() {
        return name + ": " + kind + " " + dtype + " " + Arrays.toString(dims)
                + (inline != null ? " inline (" + inline.length + " bytes)" : " at " + extent);
    }
}
