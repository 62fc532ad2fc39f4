package io.jpmm.internal.store;

/** A byte range {@code [offset, offset + length)} of the shelf file. */
public record Extent(long offset, long length) {
    /** The extent of a variable with no bytes; it occupies no space. */
    public static final Extent EMPTY = new Extent(0, 0);

    public Extent {
        if (offset < 0 || length < 0 || offset + length < 0) {
            throw new IllegalArgumentException("invalid extent [" + offset + ", +" + length + ")");
        }
    }

    public long end() {
        return offset + length;
    }

    public boolean contains(Extent inner) {
        return inner.offset >= offset && inner.end() <= end();
    }

    @Override
    public String toString() {
        return "[" + offset + ", " + end() + ")";
    }
}
