package io.jpmm.numpy;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * NumPy's {@code .npy} files in and out of jpmm. Imports stream from the file straight into the
 * shelf's mapped memory and exports stream out of it, so arrays larger than the Java heap (or than
 * RAM) move with a few MiB of buffers.
 *
 * {@snippet :
 * try (Shelf shelf = Shelf.open("data")) {
 *     NdArray images = Npy.importInto(shelf, "images", Path.of("images.npy"), Progress.NONE);
 *     Npy.save(shelf.array("labels"), Path.of("labels.npy"));
 * }
 * }
 *
 * <p>Every NumPy dtype jpmm has is read and written, little- or big-endian on import, C order only.
 * {@code bfloat16}, which NumPy lacks, is exported as {@code float32} (exactly: every bfloat16 is a
 * float32).
 */
public final class Npy {
    private static final long CONVERSION_CHUNK = 1 << 20;

    private Npy() {
    }

    /** Reads just the header of {@code file}. */
    public static NpyHeader header(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return NpyHeader.read(channel, file.toString());
        }
    }

    /** Loads {@code file} into a DRAM array. */
    public static NdArray load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = NpyHeader.read(channel, file.toString());
            requireLength(channel, header, file);
            NdArray array = NdArray.allocate(header.dtype(), header.shape().toArray());
            array.readFrom(channel);
            if (header.bigEndian()) {
                swapBytes(array);
            }
            return array;
        }
    }

    /**
     * Creates array {@code name} on {@code shelf} from {@code file}, reading straight into the mapped
     * shelf. The variable appears atomically (created zero-filled) and is filled in place, then
     * persisted; if reading fails midway it is erased again.
     */
    public static NdArray importInto(Shelf shelf, String name, Path file, Progress progress) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = NpyHeader.read(channel, file.toString());
            requireLength(channel, header, file);
            return fill(shelf, name, header.dtype(), header.shape(), channel, header.bigEndian(), progress);
        }
    }

    /**
     * Creates array {@code name} on {@code shelf} from a raw file of little-endian elements in C
     * order, which must hold exactly the bytes {@code dtype} and {@code shape} need.
     */
    public static NdArray importRaw(Shelf shelf, String name, Path file, DType dtype, Shape shape, Progress progress)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long needed = shape.size() * dtype.itemSize();
            if (channel.size() != needed) {
                throw new NpyFormatException(file + " has " + channel.size() + " bytes; " + dtype + " " + shape
                        + " needs exactly " + needed);
            }
            return fill(shelf, name, dtype, shape, channel, false, progress);
        }
    }

    private static NdArray fill(Shelf shelf, String name, DType dtype, Shape shape, FileChannel channel,
                                boolean bigEndian, Progress progress) throws IOException {
        NdArray array = shelf.ndarray(name, dtype, shape.toArray());
        try {
            array.readFrom(ProgressChannels.counting(channel, array.byteSize(), progress));
            if (bigEndian) {
                swapBytes(array);
            }
            array.persist();
            return array;
        } catch (IOException | RuntimeException failure) {
            shelf.erase(name);
            throw failure;
        }
    }

    /** Writes {@code array} to {@code file} as numpy.save would (bfloat16 becomes float32). */
    public static void save(NdArray array, Path file) throws IOException {
        export(array, file, Progress.NONE);
    }

    /** Like {@link #save}, reporting progress; streams from the array's memory, bounded buffers only. */
    public static void export(NdArray array, Path file, Progress progress) throws IOException {
        DType fileType = array.dtype() == DType.BFLOAT16 ? DType.FLOAT32 : array.dtype();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(NpyHeader.encode(fileType, Shape.of(array.shape()))));
            var out = ProgressChannels.counting(channel, array.size() * fileType.itemSize(), progress);
            if (fileType == array.dtype()) {
                array.writeTo(out);
            } else {
                NdArray flat = array.isContiguous() ? array.reshape(array.size()) : array.copy().reshape(array.size());
                for (long start = 0; start < flat.size(); start += CONVERSION_CHUNK) {
                    long end = Math.min(flat.size(), start + CONVERSION_CHUNK);
                    NdArray.allocate(fileType, end - start).copyFrom(flat.slice(0, start, end)).writeTo(out);
                }
            }
            channel.force(false);
        }
    }

    private static void requireLength(FileChannel channel, NpyHeader header, Path file) throws IOException {
        long available = channel.size() - header.dataOffset();
        if (available < header.dataBytes()) {
            throw new EOFException(file + " is truncated: its header announces " + header.dataBytes()
                    + " bytes of " + header.dtype() + " " + header.shape() + ", the file holds " + available);
        }
    }

    /** Turns big-endian elements into little-endian ones in place (each half of a complex on its own). */
    private static void swapBytes(NdArray array) {
        MemorySegment bytes = array.segment();
        int width = array.dtype().isComplex() ? array.dtype().itemSize() / 2 : array.dtype().itemSize();
        for (long offset = 0; offset < bytes.byteSize(); offset += width) {
            switch (width) {
                case 2 -> bytes.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset,
                        Short.reverseBytes(bytes.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset)));
                case 4 -> bytes.set(ValueLayout.JAVA_INT_UNALIGNED, offset,
                        Integer.reverseBytes(bytes.get(ValueLayout.JAVA_INT_UNALIGNED, offset)));
                case 8 -> bytes.set(ValueLayout.JAVA_LONG_UNALIGNED, offset,
                        Long.reverseBytes(bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, offset)));
                default -> {
                    return;
                }
            }
        }
    }
}
