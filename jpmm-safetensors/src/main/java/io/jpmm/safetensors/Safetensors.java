package io.jpmm.safetensors;

import io.jpmm.AtomicFile;
import io.jpmm.NdArray;
import io.jpmm.Shape;
import io.jpmm.Shelf;
import io.jpmm.ShelfTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * safetensors files in and out of shelves. A file's tensors are imported in one transaction, each
 * as a shelf variable: either all of them are on the shelf afterwards, or none is. Data is copied
 * file to file by the kernel where it can be, so files larger than memory pass through with little
 * of it. Export writes the tensors in the order and with the header the reference implementation
 * writes, to a temporary file that is made durable and then renamed over the target.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /** The header of {@code file}, checked as the reference implementation checks it. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafetensorsHeader.read(channel, file).metadata();
        }
    }

    /**
     * Imports every tensor of {@code file} as variable {@code prefix + name}, replacing variables of
     * those names, in one transaction.
     *
     * @return the variables' names, in the file's data order
     * @throws SafetensorsFormatException if the file is not valid safetensors or holds a dtype jpmm
     *                                    lacks; nothing is imported then
     */
    public static List<String> importInto(Shelf shelf, Path file, String prefix) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafetensorsHeader header = SafetensorsHeader.read(channel, file);
            List<String> names = new ArrayList<>();
            try (ShelfTransaction transaction = shelf.begin()) {
                for (SafetensorsHeader.Tensor tensor : header.tensors()) {
                    String name = prefix + tensor.name();
                    channel.position(header.dataStart() + tensor.begin());
                    shelf.put(name, tensor.dtype(), Shape.of(tensor.shape()), channel, done -> { });
                    names.add(name);
                }
                transaction.commit();
            } catch (UncheckedIOException failure) {
                throw failure.getCause();
            }
            return names;
        }
    }

    /**
     * Writes the array variables {@code names} of {@code shelf} to {@code file} as tensors of the same
     * names, with string {@code metadata} ({@code __metadata__}).
     */
    public static void export(Shelf shelf, List<String> names, Path file, Map<String, String> metadata)
            throws IOException {
        export(shelf, names, "", file, metadata);
    }

    /** Writes every array variable whose name starts with {@code prefix}, as tensors named without it. */
    public static void exportPrefix(Shelf shelf, String prefix, Path file, Map<String, String> metadata)
            throws IOException {
        export(shelf, shelf.names(prefix), prefix, file, metadata);
    }

    private static void export(Shelf shelf, List<String> names, String prefix, Path file, Map<String, String> metadata)
            throws IOException {
        record Picked(String variable, NdArray array, SafetensorsHeader.Tensor tensor) {
        }
        List<Picked> picked = new ArrayList<>();
        for (String name : names) {
            NdArray array = shelf.array(name);
            String dtype = TensorDTypes.name(array.dtype(), name);
            picked.add(new Picked(name, array, new SafetensorsHeader.Tensor(name.substring(prefix.length()), dtype,
                    array.dtype(), array.shape(), 0, array.byteSize())));
        }
        picked.sort(Comparator.comparingInt((Picked p) -> TensorDTypes.layoutRank(p.tensor().dtypeName()))
                .thenComparing(p -> p.tensor().name()));
        List<SafetensorsHeader.Tensor> laidOut = new ArrayList<>();
        long offset = 0;
        for (Picked p : picked) {
            SafetensorsHeader.Tensor t = p.tensor();
            laidOut.add(new SafetensorsHeader.Tensor(t.name(), t.dtypeName(), t.dtype(), t.shape(), offset, offset + t.end()));
            offset += t.end();
        }
        byte[] header = SafetensorsHeader.encode(laidOut, metadata);
        AtomicFile.write(file, out -> {
            ByteBuffer buffer = ByteBuffer.wrap(header);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            for (Picked p : picked) {
                p.array().writeTo(out);
            }
        });
    }
}
