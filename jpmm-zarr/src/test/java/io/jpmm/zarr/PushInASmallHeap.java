package io.jpmm.zarr;

import io.jpmm.DType;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Pushes a shelf holding a 256 MiB array with every codec, in a JVM whose heap is far smaller than
 * the chunks in flight ({@code PushInASmallHeap SHELF_DIR STORE_DIR}): it finishes only if no chunk
 * is copied into the heap.
 */
public final class PushInASmallHeap {
    public static void main(String[] args) throws Exception {
        try (Shelf shelf = Shelf.open("big", ShelfOptions.at(Path.of(args[0])).sizeMb(300))) {
            shelf.put("x", DType.FLOAT32, Shape.of(64, 1 << 20), target -> {
                var memory = target.segment();
                for (long i = 0; i < target.size(); i++) {
                    memory.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, (i % 4099) * 0.25f);
                }
            });
            for (String compression : new String[] {"none", "zstd", "gzip"}) {
                var store = new DirectoryStore(Path.of(args[1]).resolve(compression));
                Zarr.push(shelf, store, Zarr.PushOptions.defaults().withCompression(compression).withChunkBytes(8 << 20),
                        bytes -> { });
            }
        }
        System.out.println("pushed");
    }
}
