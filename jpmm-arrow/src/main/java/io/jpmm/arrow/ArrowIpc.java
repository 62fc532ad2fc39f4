package io.jpmm.arrow;

import io.jpmm.AtomicFile;
import io.jpmm.Shelf;
import io.jpmm.Table;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Arrow IPC files ({@code .arrow}, {@code .feather}: Feather v2 is an Arrow file) and streams
 * ({@code .arrows}) in and out of shelves as table variables.
 *
 * {@snippet :
 * Table trips = ArrowIpc.importTable(shelf, "trips", Path.of("trips.feather"));
 * double total = trips.column("fare").values().sum().getDouble();
 * ArrowIpc.exportTable(trips, Path.of("trips.arrow"), ArrowIpc.Format.FILE);
 * }
 *
 * <p>Import reads the file through a mapping and copies each buffer once, into the table's space on
 * the shelf; compressed bodies (LZ4 frame, ZSTD) are decompressed one buffer at a time. The table
 * is committed once, when all of it is there: after a crash or a bad file the shelf holds the old
 * variable (or none). Every record batch becomes part of one table; dictionary-encoded columns are
 * decoded into their value type. Export writes one uncompressed record batch from the mapping, all
 * or nothing ({@link AtomicFile}).
 */
public final class ArrowIpc {

    /** The two IPC formats: a file (random access, with a footer) or a stream. */
    public enum Format {
        FILE,
        STREAM
    }

    private ArrowIpc() {
    }

    /**
     * Puts the Arrow file or stream {@code file} onto {@code shelf} as table {@code name}, replacing
     * any variable of that name. The format is told from the bytes.
     *
     * @throws ArrowFormatException if the file is malformed or holds a type jpmm does not store
     *                              (it names the file, the column and the type); nothing changes
     */
    public static Table importTable(Shelf shelf, String name, Path file) throws IOException {
        Shelf.checkVariableName(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            try (var arrowImport = ArrowImport.open(data, file.toString())) {
                return arrowImport.put(shelf, name, arrowImport.spec());
            }
        }
    }

    /** Whether {@code file} begins as an Arrow file or stream does (the file magic, or a stream's schema message). */
    public static boolean looksLikeArrow(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var head = java.nio.ByteBuffer.allocate(8);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // Read up to 8 bytes.
            }
            byte[] bytes = head.array();
            boolean magic = head.position() >= 6 && java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), IpcMessages.MAGIC);
            boolean stream = head.position() == 8 && bytes[0] == -1 && bytes[1] == -1 && bytes[2] == -1 && bytes[3] == -1;
            return magic || stream;
        }
    }

    /** Writes {@code table} to {@code file} in {@code format}, all or nothing. */
    public static void exportTable(Table table, Path file, Format format) throws IOException {
        AtomicFile.write(file, out -> ArrowExport.write(table, out, format == Format.FILE, file.toString()));
    }
}
