package io.jpmm.testkit;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** One line per variable: its description and a CRC32C of its value, to compare shelves across processes. */
public final class ShelfDigest {

    private ShelfDigest() {
    }

    public static List<String> of(Shelf shelf) {
        List<String> lines = new ArrayList<>();
        for (var info : shelf.variables()) {
            CRC32C crc = new CRC32C();
            switch (shelf.get(info.name())) {
                case NdArray array -> crc.update(array.segment().asByteBuffer());
                case byte[] bytes -> crc.update(bytes);
                case Object other -> crc.update(other.toString().getBytes(StandardCharsets.UTF_8));
            }
            lines.add(info + " crc " + Long.toHexString(crc.getValue()));
        }
        return lines;
    }
}
