package io.jpmm.zarr;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Arrays jpmm writes as Zarr v3 read back equal in jpmm and in zarrita (where node and npm are
 * present): every dtype, uncompressed, gzip, zstd and sharded, with edge chunks that do not fill
 * their chunk, and 0-d arrays.
 */
class ZarrRoundTripTest {
    @TempDir
    Path directory;

    private static final List<Zarr.PushOptions> LAYOUTS = List.of(
            Zarr.PushOptions.defaults().withCompression("none").withChunkBytes(40),
            Zarr.PushOptions.defaults().withCompression("gzip").withChunkBytes(64),
            Zarr.PushOptions.defaults().withCompression("zstd").withChunkBytes(100),
            Zarr.PushOptions.defaults().withCompression("zstd").withChunkBytes(24).withShardChunks(4));

    @Test
    void everyDtypeAndLayoutReadsBackEqualInJpmmAndZarrita() throws Exception {
        var store = new DirectoryStore(directory.resolve("out.zarr"));
        Map<String, NdArray> written = new LinkedHashMap<>();
        int layout = 0;
        for (DType dtype : DType.values()) {
            for (long[] shape : List.of(new long[] {7, 5}, new long[] {3, 4, 5}, new long[] {11})) {
                NdArray array = Samples.randomArray(dtype, shape.length * 31L + dtype.ordinal(), shape);
                String path = dtype.numpyName() + "." + shape.length + "d." + layout % LAYOUTS.size();
                Zarr.writeArray(array, store, path, LAYOUTS.get(layout++ % LAYOUTS.size()));
                written.put(path, array);
            }
        }
        NdArray scalar = NdArray.allocate(DType.FLOAT64).fill(2.5);
        Zarr.writeArray(scalar, store, "scalar", Zarr.PushOptions.defaults());
        written.put("scalar", scalar);
        for (var entry : written.entrySet()) {
            assertThat(Zarr.readArray(store, entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        JsonNode metadata = ArrayMetadata.JSON.readTree(store.get("float64.2d.0/zarr.json").orElseThrow());
        assertThat(metadata.has("dimension_names")).as("left out, never null").isFalse();
        assertThat(metadata.get("fill_value").asDouble()).isZero();
        if (Zarrita.install().isEmpty()) {
            return;
        }
        // zarrita reads every dtype jpmm shares with it (not float16, bfloat16 or complex).
        List<String> shared = new ArrayList<>();
        for (String path : written.keySet()) {
            DType dtype = written.get(path).dtype();
            if (dtype != DType.FLOAT16 && dtype != DType.BFLOAT16 && !dtype.isComplex()) {
                shared.add(path);
            }
        }
        List<String> args = new ArrayList<>(List.of(directory.resolve("out.zarr").toString()));
        args.addAll(shared);
        JsonNode read = ArrayMetadata.JSON.readTree(Zarrita.run("read_zarr.mjs", args.toArray(String[]::new)));
        for (String path : shared) {
            JsonNode seen = read.get(path);
            assertThat(ZarrFixturesTest.longs(seen.get("shape"))).as(path).isEqualTo(written.get(path).shape());
            ZarrFixturesTest.compare(written.get(path), seen.get("values"), path);
        }
    }

    @Test
    void damagedOrForgedChunksAreRefusedNamingTheKey() throws Exception {
        var store = new DirectoryStore(directory.resolve("out.zarr"));
        NdArray array = Samples.randomArray(DType.INT32, 3, 40, 40);
        Zarr.writeArray(array, store, "sharded", Zarr.PushOptions.defaults().withChunkBytes(400).withShardChunks(4));
        Zarr.writeArray(array, store, "gzip", Zarr.PushOptions.defaults().withCompression("gzip").withChunkBytes(400));
        Path shard = directory.resolve("out.zarr/sharded/c/0/0");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length - 10] ^= 1;
        Files.write(shard, bytes);
        assertThatThrownBy(() -> Zarr.readArray(store, "sharded")).isInstanceOf(ZarrFormatException.class)
                .hasMessageContaining("sharded/c/0/0").hasMessageContaining("CRC32C does not match");
        Path chunk = directory.resolve("out.zarr/gzip/c/1/0");
        Files.write(chunk, new byte[] {31, -117, 8, 0, 1, 2});
        assertThatThrownBy(() -> Zarr.readArray(store, "gzip")).isInstanceOf(ZarrFormatException.class)
                .hasMessageContaining("gzip/c/1/0").hasMessageContaining("does not decode with gzip");
        Files.writeString(directory.resolve("out.zarr/gzip/zarr.json"), "{\"zarr_format\": 3, \"node_type\": \"array\"}");
        assertThatThrownBy(() -> Zarr.readArray(store, "gzip")).isInstanceOf(ZarrFormatException.class)
                .hasMessageContaining("gzip/zarr.json has no shape list");
        assertThatThrownBy(() -> Zarr.readArray(store, "absent")).isInstanceOf(ZarrFormatException.class)
                .hasMessageContaining("absent/zarr.json does not exist");
        assertThatThrownBy(() -> store.get("../outside")).isInstanceOf(IllegalArgumentException.class);
    }
}
