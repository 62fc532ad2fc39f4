package io.jpmm.internal.medium;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The real medium: files on a local file system, mapped with {@code MAP_SYNC} where possible. */
final class MappedFileMedium implements Medium {
    static final MappedFileMedium INSTANCE = new MappedFileMedium();

    private static final int ZERO_CHUNK = 1 << 20;

    private MappedFileMedium() {
    }

    @Override
    public MediumFile create(Path file, long length) throws IOException {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        FileChannel channel = FileChannel.open(file, java.util.Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE), ownerOnly);
        try {
            allocate(channel, file, 0, length);
            channel.force(true);
            return MappedFile.open(file, channel, false);
        } catch (IOException | RuntimeException failure) {
            channel.close();
            throw failure;
        }
    }

    @Override
    public MediumFile open(Path file, boolean readOnly) throws IOException {
        FileChannel channel = readOnly
                ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return MappedFile.open(file, channel, readOnly);
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Gives {@code [offset, offset + length)} real blocks. A sparse range would let a later write
     * through the mapping hit a full disk, which the kernel reports as SIGBUS, not as an error.
     */
    static void allocate(FileChannel channel, Path file, long offset, long length) throws IOException {
        var nativeCalls = NativeCalls.get();
        if (nativeCalls.isPresent()) {
            int error = nativeCalls.get().fallocate(file, offset, length);
            if (error == 0) {
                return;
            }
            if (error == NativeCalls.ENOSPC) {
                throw new IOException("no space left on the device for " + length + " bytes of " + file);
            }
        }
        writeZeros(channel, offset, length);
    }

    private static void writeZeros(FileChannel channel, long offset, long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, Math.max(length, 1)));
        long position = offset;
        long end = offset + length;
        while (position < end) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), end - position));
            position += channel.write(zeros, position);
        }
    }
}
