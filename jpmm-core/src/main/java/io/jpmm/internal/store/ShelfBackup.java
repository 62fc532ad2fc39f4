package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import io.jpmm.internal.medium.Medium;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Writes a consistent copy of a shelf as it is seen at one moment into a new shelf file: every
 * variable is put into a fresh shelf built under a temporary name, which is renamed to the target
 * only when complete and durable. A crash leaves no target, or the complete one.
 */
final class ShelfBackup {
    private ShelfBackup() {
    }

    /**
     * Copies {@code entries}, whose bytes {@code read} hands over one at a time, to {@code target}
     * (a path ending in {@code .jpmm}).
     *
     * @return the number of bytes of variable data copied
     * @throws StoreException if the target exists and {@code replace} is false, or cannot be written
     */
    static long write(List<CatalogEntry> entries, BiConsumer<CatalogEntry, java.util.function.Consumer<MemorySegment>> read,
                      Path target, boolean replace, boolean dataChecksums, Medium medium) {
        Path absolute = target.toAbsolutePath();
        String fileName = absolute.getFileName().toString();
        if (!fileName.endsWith(".jpmm") || fileName.length() == ".jpmm".length()) {
            throw new IllegalArgumentException("a backup is a shelf file: its name ends in .jpmm (the shelf's name"
                    + " before it), not \"" + fileName + "\"");
        }
        if (!replace && Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.failed("cannot back up to " + absolute + ": it exists (replace it explicitly)",
                    new FileAlreadyExistsException(absolute.toString()));
        }
        Path directory = absolute.getParent();
        String temporary = fileName.substring(0, fileName.length() - ".jpmm".length()) + ".partial-"
                + ProcessHandle.current().pid();
        long bytes = entries.stream().mapToLong(CatalogEntry::byteSize).sum();
        var options = new StoreOptions(directory, temporary, Math.max(Layout.MIN_SHELF_BYTES, bytes + bytes / 16 + (1 << 20)),
                0, true, false, dataChecksums);
        boolean renamed = false;
        try {
            try (ShelfStore copy = ShelfOpener.open(options, medium)) {
                for (CatalogEntry entry : entries) {
                    read.accept(entry, source -> copy.put(entry.name(), entry.kind(), entry.dtype(), entry.dims(),
                            destination -> destination.copyFrom(source)));
                }
            }
            medium.rename(options.dataFile(), absolute);
            renamed = true;
            medium.syncDirectory(directory);
        } catch (IOException failure) {
            throw StoreException.failed("cannot back up to " + absolute + ": " + ShelfOpener.describe(failure), failure);
        } finally {
            try {
                if (!renamed) {
                    medium.deleteIfExists(options.dataFile());
                }
                medium.deleteIfExists(options.lockFile());
            } catch (IOException cleanup) {
                Log.warning(() -> "could not remove the temporary files of a backup in " + directory + ": " + cleanup);
            }
        }
        Log.info(() -> "backed up " + entries.size() + " variables (" + bytes + " bytes) to " + absolute);
        return bytes;
    }
}
