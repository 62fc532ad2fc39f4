package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Put throughput of one large float64 array, side by side with the ceiling (a raw mapped copy and
 * flush of the same bytes to the same file system) and with the usual ways of saving an array from
 * Java (serialization, Kryo, a channel write) and NumPy (through python3, in the same run). Each row
 * is the median of several runs; ratios are to the ceiling, to the ceiling of writing a new file,
 * and to {@code np.save}.
 */
final class PutThroughput {
    private record Row(String name, double seconds) {
    }

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench");
        long bytes = options.number("mib", 1024) << 20;
        int runs = (int) options.number("runs", 5);
        Files.createDirectories(directory);
        long elements = bytes / 8;
        NdArray source = NdArray.allocate(DType.FLOAT64, elements);
        for (long i = 0; i < elements; i += 512) {
            source.set(i * 0.5, i);
        }
        List<Row> rows = new ArrayList<>();
        Path raw = directory.resolve("raw.bin");
        rows.add(new Row("ceiling: MemorySegment.copy + force into a mapped file", rawCopy(raw, source, runs, false)));
        rows.add(new Row("ceiling, first touch: into a new sparse file", rawCopy(raw, source, runs, true)));
        long shelfBytes = 2 * bytes + (64L << 20);
        try (Shelf shelf = Shelf.open("bench", ShelfOptions.at(directory).sizeBytes(shelfBytes).forceNew())) {
            shelf.put("x", source);
            rows.add(new Row("jpmm put, replacing a variable (atomic)",
                    Timing.medianSeconds(runs, () -> { }, () -> shelf.put("x", source))));
            rows.add(new Row("jpmm ndarray + copyFrom + persist (in place, not atomic)",
                    Timing.medianSeconds(runs, () -> shelf.erase("x"),
                            () -> shelf.ndarray("x", DType.FLOAT64, elements).copyFrom(source).persist())));
            rows.add(new Row("jpmm ndarray alone (a new array of zeros, committed)",
                    Timing.medianSeconds(runs, () -> shelf.erase("x"), () -> shelf.ndarray("x", DType.FLOAT64, elements))));
        }
        Shelf[] fresh = new Shelf[1];
        rows.add(new Row("jpmm put into a new shelf (first touch)", Timing.medianSeconds(runs,
                () -> {
                    if (fresh[0] != null) {
                        fresh[0].close();
                    }
                    fresh[0] = Shelf.open("bench", ShelfOptions.at(directory).sizeBytes(shelfBytes).forceNew());
                },
                () -> fresh[0].put("x", source))));
        fresh[0].close();
        Path written = directory.resolve("written.bin");
        rows.add(new Row("FileChannel.write + force (like np.save)", Timing.medianSeconds(runs,
                () -> Files.deleteIfExists(written), () -> channelWrite(written, source))));
        Path serialized = directory.resolve("serialized.bin");
        if (bytes <= Integer.MAX_VALUE) {
            double[] heap = source.toDoubleArray();
            rows.add(new Row("Java serialization of double[] + sync", Timing.medianSeconds(runs,
                    () -> Files.deleteIfExists(serialized), () -> serialize(serialized, heap))));
            rows.add(new Row("Kryo of double[] + sync", Timing.medianSeconds(runs,
                    () -> Files.deleteIfExists(serialized), () -> kryo(serialized, heap))));
        }
        var plan = new ObjectMapper().createObjectNode().put("bytes", bytes).put("runs", runs)
                .put("dir", directory.toString());
        JsonNode numpy = PythonPeer.run("put_speed.py", plan, options.text("python", "python3"));
        rows.add(new Row("NumPy " + numpy.get("numpy").asString() + " np.save + os.fsync, new file",
                numpy.get("save").asDouble()));
        rows.add(new Row("NumPy np.memmap (w+) copy + flush, new file", numpy.get("memmap").asDouble()));
        Files.deleteIfExists(raw);
        Files.deleteIfExists(written);
        Files.deleteIfExists(serialized);
        Files.deleteIfExists(directory.resolve("bench.jpmm"));
        report(directory, bytes, runs, rows);
    }

    private static double rawCopy(Path file, NdArray source, int runs, boolean freshFile) throws Exception {
        MemorySegment bytes = source.segment();
        Timing.Action prepare = () -> {
            if (freshFile) {
                Files.deleteIfExists(file);
            }
            try (var access = new RandomAccessFile(file.toFile(), "rw")) {
                access.setLength(bytes.byteSize());
            }
        };
        return Timing.medianSeconds(runs, prepare, () -> {
            try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 Arena arena = Arena.ofConfined()) {
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes.byteSize(), arena);
                mapped.copyFrom(bytes);
                mapped.force();
            }
        });
    }

    private static void channelWrite(Path file, NdArray source) throws Exception {
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            MemorySegment bytes = source.segment();
            for (long offset = 0; offset < bytes.byteSize(); offset += 1 << 30) {
                ByteBuffer chunk = bytes.asSlice(offset, Math.min(1 << 30, bytes.byteSize() - offset)).asByteBuffer();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            channel.force(false);
        }
    }

    private static void serialize(Path file, double[] values) throws Exception {
        try (var out = new FileOutputStream(file.toFile());
             var objects = new ObjectOutputStream(new BufferedOutputStream(out, 1 << 20))) {
            objects.writeObject(values);
            objects.flush();
            out.getFD().sync();
        }
    }

    private static void kryo(Path file, double[] values) throws Exception {
        var kryo = new Kryo();
        kryo.register(double[].class);
        try (var out = new FileOutputStream(file.toFile()); var output = new Output(out, 1 << 20)) {
            kryo.writeObject(output, values);
            output.flush();
            out.getFD().sync();
        }
    }

    private static void report(Path directory, long bytes, int runs, List<Row> rows) throws Exception {
        System.out.printf("put of a %d MiB float64 array into %s (%s), median of %d runs%n", bytes >> 20, directory,
                Files.getFileStore(directory).type(), runs);
        System.out.println("JDK/machine: " + Timing.machine());
        System.out.println();
        // Writing into a new file has its own, lower ceiling (blocks are allocated and extents converted
        // as it goes): the faster of a mapped copy and a channel write into a new file, both flushed.
        System.out.println("| method | seconds | GB/s | vs ceiling | vs new-file ceiling | vs np.save |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double ceiling = rows.getFirst().seconds();
        double newFile = Math.min(seconds(rows, "ceiling, first touch"), seconds(rows, "FileChannel.write"));
        double save = seconds(rows, "np.save + os.fsync");
        for (Row row : rows) {
            System.out.printf("| %s | %.3f | %.2f | %.2f | %.2f | %.2f |%n", row.name(), row.seconds(),
                    bytes / row.seconds() / 1e9, ceiling / row.seconds(), newFile / row.seconds(), save / row.seconds());
        }
    }

    private static double seconds(List<Row> rows, String method) {
        return rows.stream().filter(row -> row.name().contains(method)).findFirst().orElseThrow().seconds();
    }
}
