// Made the committed shelf legacy.jpmm with jpmm 0.1.0 as of commit 885259d, the last to write format
// version 4. To make it again: build that commit's jpmm-core jar, then
//   java -cp jpmm-core-0.1.0-SNAPSHOT.jar MakeVersion4Shelf.java DIR
// It writes DIR/legacy.jpmm (and a .lock file, which is not committed).
import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Path;

public class MakeVersion4Shelf {
    public static void main(String[] args) {
        try (Shelf shelf = Shelf.open("legacy", ShelfOptions.at(Path.of(args[0])).sizeMb(1).forceNew())) {
            NdArray matrix = NdArray.allocate(DType.FLOAT64, 3, 4);
            for (int i = 0; i < 12; i++) {
                matrix.set(i * 1.5, i / 4, i % 4);
            }
            shelf.put("matrix", matrix);
            shelf.put("counts", new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
            shelf.put("label", "version one");
            shelf.put("blob", new byte[] {1, 2, 3});
            shelf.put("epoch", -3L);
            shelf.put("flag", true);
            shelf.put("old", 1.0);
            shelf.erase("old");
            shelf.put("first", new float[] {1.5f, 2.5f});
            shelf.rename("first", "renamed");
            shelf.ndarray("inplace", DType.INT64, 5).fill(7L).persist();
            // Enough commits of long names to fill log halves: checkpoints, and the log moving.
            String longName = "counter_" + "x".repeat(240);
            for (long i = 0; i < 60; i++) {
                shelf.put(longName, i);
            }
        }
    }
}
