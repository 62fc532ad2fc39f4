package io.jpmm.numpy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written all or nothing: into a temporary file beside it, made durable, then renamed over
 * it, and the directory made durable. Readers and a crash see the old file or the complete new one.
 */
final class AtomicFile {

    @FunctionalInterface
    interface Writer {
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    static void write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        // Permissions as for any new file (subject to the umask), not the owner-only default of temp files.
        Path temporary = Files.createTempFile(directory, "." + target.getFileName(), ".jpmm-tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-rw-")));
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
            throw failure;
        }
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        }
    }
}
