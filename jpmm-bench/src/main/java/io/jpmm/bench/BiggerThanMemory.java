package io.jpmm.bench;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.numpy.NpyHeader;
import io.jpmm.numpy.Progress;
import io.jpmm.numpy.Npy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An array larger than the machine's memory, end to end: write a float32 {@code .npy}, copy it with
 * {@code cp} + {@code sync} (the reference), import it, sum it, scale it in place and persist,
 * export it into a checksum. Each step reports its seconds and the peak resident set during it
 * ({@code VmHWM}, reset before each step, so mapped shelf pages count too). It deletes as it goes,
 * so the disk needs twice the array's size. Caches are dropped before each step where the process
 * may (root), so that every step reads from the disk; {@code --cold false} keeps them (the CI smoke
 * run).
 */
final class BiggerThanMemory {
    private record Step(String name, double seconds, long peakBytes, String note) {
    }

    private static boolean cold;

    public static void main(String[] args) throws Exception {
        var options = new Options(args);
        Path directory = options.path("dir", "/tmp/jpmm-bench").resolve("bigger-than-memory");
        long bytes = options.number("mb", 1024) * 1_000_000L / 4 * 4;
        cold = Boolean.parseBoolean(options.text("cold", "true"));
        Files.createDirectories(directory);
        Path source = directory.resolve("source.npy");
        List<Step> steps = new ArrayList<>();
        steps.add(step("write the .npy (Java, FileChannel)", () -> writeSource(source, bytes / 4)));
        Path reference = directory.resolve("reference.npy");
        steps.add(step("cp + sync (reference)", () -> Commands.run("sh", "-c", "cp '" + source + "' '" + reference + "' && sync")));
        Files.delete(reference);
        ShelfOptions shelfOptions = ShelfOptions.at(directory);
        double[] sums = new double[2];
        try (Shelf shelf = Shelf.open("big", shelfOptions.forceNew())) {
            steps.add(step("import into a new shelf", () -> Npy.importInto(shelf, "x", source, Progress.NONE)));
            Files.delete(source);
            NdArray x = shelf.array("x");
            steps.add(step("sum", () -> sums[0] = x.sum().getDouble()));
            steps.add(step("scale in place (x *= 2) and persist", () -> x.multiplyInPlace(2).persist()));
            steps.add(step("sum again", () -> sums[1] = x.sum().getDouble()));
            long[] checksum = new long[1];
            steps.add(step("export into a checksum (writeTo)", () -> checksum[0] = crc32cOf(x)));
            if (sums[1] != 2 * sums[0]) {
                throw new IllegalStateException("the sum after scaling by 2 is " + sums[1] + ", not 2 × " + sums[0]);
            }
        } finally {
            Files.deleteIfExists(directory.resolve("big.jpmm"));
            Files.deleteIfExists(directory.resolve("big.jpmm.lock"));
            Files.deleteIfExists(source);
        }
        report(directory, bytes, steps);
    }

    private static void writeSource(Path file, long elements) throws Exception {
        try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE); Arena arena = Arena.ofConfined()) {
            channel.write(ByteBuffer.wrap(NpyHeader.encode(DType.FLOAT32, Shape.of(elements))));
            int chunk = 1 << 22;
            MemorySegment buffer = arena.allocate((long) chunk * 4, 64);
            for (long done = 0; done < elements; done += chunk) {
                int count = (int) Math.min(chunk, elements - done);
                for (int i = 0; i < count; i++) {
                    buffer.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((done + i) % 1000));
                }
                ByteBuffer out = buffer.asSlice(0, (long) count * 4).asByteBuffer();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            }
            channel.force(false);
        }
    }

    private static long crc32cOf(NdArray array) throws Exception {
        var crc = new CRC32C();
        array.writeTo(new WritableByteChannel() {
            @Override
            public int write(ByteBuffer source) {
                int count = source.remaining();
                crc.update(source);
                return count;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        });
        return crc.getValue();
    }

    private static Step step(String name, Timing.Action action) throws Exception {
        boolean cold = dropCaches();
        PeakResident.reset();
        long start = System.nanoTime();
        action.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Step(name, seconds, PeakResident.bytes(), cold ? "" : "warm: caches not dropped");
    }

    private static boolean dropCaches() {
        return cold && Commands.dropCaches();
    }

    private static void report(Path directory, long bytes, List<Step> steps) throws Exception {
        long memory = Long.parseLong(Files.readAllLines(Path.of("/proc/meminfo")).getFirst().replaceAll("[^0-9]", "")) * 1024;
        System.out.printf("a %.1f GB float32 array on a machine with %.1f GB of memory, in %s (%s)%n", bytes / 1e9,
                memory / 1e9, directory, Files.getFileStore(directory.getParent()).type());
        System.out.println("JDK/machine: " + Timing.machine() + "; JVM flags: "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.println();
        System.out.println("| step | seconds | GB/s | peak resident MB | vs cp + sync | note |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        double reference = steps.get(1).seconds();
        for (Step step : steps) {
            System.out.printf("| %s | %.1f | %.2f | %.0f | %.2f | %s |%n", step.name(), step.seconds(),
                    bytes / step.seconds() / 1e9, step.peakBytes() / 1e6, reference / step.seconds(), step.note());
        }
    }
}
