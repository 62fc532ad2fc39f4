package io.jpmm.zarr;

import java.util.List;

/**
 * The Zarr v3 codecs jpmm reads and writes. An array's codecs are zero or more array-to-array
 * codecs ({@link Transpose}), one array-to-bytes codec ({@link Bytes} or {@link Sharding}), then
 * zero or more bytes-to-bytes codecs ({@link Gzip}, {@link Zstd}, {@link Crc32c}).
 */
sealed interface Codec {

    /** Elements in C order, little- or big-endian. */
    record Bytes(boolean bigEndian) implements Codec {
    }

    /** The chunk's axes permuted: encoded axis {@code i} is decoded axis {@code order[i]}. */
    record Transpose(int[] order) implements Codec {
    }

    /** gzip (RFC 1952) at a level 0-9, with the JDK's deflater. */
    record Gzip(int level) implements Codec {
    }

    /** zstd at a level, with or without a content checksum, through zstd-jni. */
    record Zstd(int level, boolean checksum) implements Codec {
    }

    /** A CRC32C of the bytes appended to them (4 bytes, little-endian), checked on read. */
    record Crc32c() implements Codec {
    }

    /**
     * A chunk (a shard) holding inner chunks of {@code chunkShape}, each encoded with {@code codecs},
     * and an index of their offsets and lengths encoded with {@code indexCodecs}, at the end or the start.
     */
    record Sharding(int[] chunkShape, List<Codec> codecs, List<Codec> indexCodecs, boolean indexAtEnd) implements Codec {
    }
}
