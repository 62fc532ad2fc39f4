package io.jpmm.numpy;

import io.jpmm.AtomicFile;
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
import java.nio.file.FileSystemException;
import java.nio.file.Files;
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
 * <p>Every NumPy dtype jpmm has is read and written; files may be little- or big-endian and in C
 * or Fortran order (NumPy saves any F-contiguous array in Fortran order), and arrive as C-order
 * little-endian arrays, as {@code numpy.load} followed by {@code numpy.ascontiguousarray} would
 * give them. {@code bfloat16}, which NumPy lacks, is exported as {@code float32} (exactly: every
 * bfloat16 is a float32).
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
        try (FileChannel channel = openForReading(file)) {
            NpyHeader header = NpyHeader.read(channel, file.toString());
            requireLength(channel, header, file);
            NdArray array = NdArray.allocate(header.dtype(), header.shape().toArray());
            fill(array, header, channel, Progress.NONE);
            return array;
        }
    }

    /**
     * Creates or replaces array {@code name} on {@code shelf} from {@code file}. A little-endian
     * C-order file (what NumPy writes on x86 and ARM) is copied file to file by the kernel, as
     * {@code cp} copies, so a file larger than RAM passes through with little memory; others are
     * read through the mapped shelf and converted. The variable is committed only once it is
     * complete: if reading fails, or the process dies midway, the shelf keeps the variable it had
     * before (or none).
     */
    public static NdArray importInto(Shelf shelf, String name, Path file, Progress progress) throws IOException {
        try (FileChannel channel = openForReading(file)) {
            NpyHeader header = NpyHeader.read(channel, file.toString());
            requireLength(channel, header, file);
            if (!header.fortranOrder() && !header.bigEndian()) {
                long total = header.shape().size() * header.dtype().itemSize();
                return shelf.put(name, header.dtype(), header.shape(), channel, done -> progress.advanced(done, total));
            }
            return shelf.put(name, header.dtype(), header.shape(), target -> fill(target, header, channel, progress));
        }
    }

    /**
     * Creates or replaces array {@code name} on {@code shelf} from a raw file of little-endian
     * elements in C order, which must hold exactly the bytes {@code dtype} and {@code shape} need.
     * Committed only once complete, like {@link #importInto}.
     */
    public static NdArray importRaw(Shelf shelf, String name, Path file, DType dtype, Shape shape, Progress progress)
            throws IOException {
        try (FileChannel channel = openForReading(file)) {
            long needed = shape.size() * dtype.itemSize();
            if (channel.size() != needed) {
                throw new NpyFormatException(file + " has " + channel.size() + " bytes; " + dtype + " " + shape
                        + " needs exactly " + needed);
            }
            return shelf.put(name, dtype, shape, channel, done -> progress.advanced(done, needed));
        }
    }

    /** Reads the data {@code header} describes from {@code channel} into {@code target}, C order, little-endian. */
    private static void fill(NdArray target, NpyHeader header, FileChannel channel, Progress progress)
            throws IOException {
        // Fortran order is C order of the reversed axes: read into the transposed view.
        NdArray inFileOrder = header.fortranOrder() ? target.transpose() : target;
        inFileOrder.readFrom(ProgressChannels.counting(channel, target.byteSize(), progress));
        if (header.bigEndian()) {
            swapBytes(target);
        }
    }

    /** Writes {@code array} to {@code file} as numpy.save would (bfloat16 becomes float32). */
    public static void save(NdArray array, Path file) throws IOException {
        export(array, file, Progress.NONE);
    }

    /**
     * Like {@link #save}, reporting progress; streams from the array's memory, bounded buffers only.
     * The file appears complete or not at all: the data goes to a temporary file in the same
     * directory, which is made durable and then renamed over {@code file}. A failure (a full disk)
     * leaves an existing {@code file} as it was.
     */
    public static void export(NdArray array, Path file, Progress progress) throws IOException {
        DType fileType = array.dtype() == DType.BFLOAT16 ? DType.FLOAT32 : array.dtype();
        AtomicFile.write(file, channel -> {
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
        });
    }

    /** Opens a file to read, refusing a directory by name (Linux would open it and fail on the first read). */
    private static FileChannel openForReading(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a file to read");
        }
        return FileChannel.open(file, StandardOpenOption.READ);
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
