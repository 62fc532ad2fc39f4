package io.jpmm;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written all or nothing: into a temporary file beside it, made durable, then renamed over
 * it, and the directory made durable. Readers and a crash see the old file or the complete new one.
 * Every exporter of shelved data (.npy, safetensors, Arrow) writes its files this way.
 */
public final class AtomicFile {

    /** Writes the whole file into {@code channel}, a new empty file. */
    @FunctionalInterface
    public interface Writer {
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /** An I/O failure (no space left on device, say) as a failure of writing {@code file}, so the message names it. */
    private static FileSystemException named(Path file, IOException failure) {
        String reason = failure.getMessage() != null ? failure.getMessage() : "input/output error";
        var named = new FileSystemException(file.toString(), null, reason.toLowerCase(java.util.Locale.ROOT)
                + "; the file was left as it was");
        named.initCause(failure);
        return named;
    }

    /**
     * Writes {@code file} all or nothing with {@code writer}.
     *
     * @throws java.nio.file.FileSystemException naming {@code file} when it cannot be written (a
     *                                           directory, a missing directory, no space left); the
     *                                           old file is then left as it was
     */
    public static void write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        if (Files.isDirectory(target)) {
            throw new FileSystemException(file.toString(), null, "is a directory, not a file to write");
        }
        if (!Files.isDirectory(directory)) {
            throw new FileSystemException(file.toString(), null, "its directory " + directory + " does not exist");
        }
        // Permissions as for any new file (subject to the umask), not the owner-only default of temp files.
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName(), ".jpmm-tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
        } catch (FileSystemException cannotCreate) {
            throw new FileSystemException(file.toString(), null, "cannot create a file in " + directory + " ("
                    + (cannotCreate.getReason() != null ? cannotCreate.getReason() : cannotCreate.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT)) + ")");
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                writer.write(channel);
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error failure) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
            if (failure instanceof IOException io && !(failure instanceof FileSystemException)) {
                throw named(file, io);
            }
            throw failure;
        }
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        }
    }
}
