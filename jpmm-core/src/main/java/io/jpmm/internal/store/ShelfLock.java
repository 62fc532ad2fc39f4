package io.jpmm.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One writer or any number of readers per shelf, across processes (an OS file lock on the shelf's
 * {@code .lock} file) and within this JVM (where OS locks do not exclude each other). The lock file
 * is separate from the data file because closing any descriptor of a file drops the process's
 * locks on it, and tools may open the data file.
 */
final class ShelfLock implements AutoCloseable {
    private static final Map<Path, ShelfLock> HELD_IN_THIS_JVM = new HashMap<>();

    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean shared;
    private int holders = 1;

    private ShelfLock(Path lockFile, FileChannel channel, FileLock lock, boolean shared) {
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
        this.shared = shared;
    }

    /**
     * Takes the lock of shelf {@code shelfName}: exclusive for a writer, shared for a reader.
     *
     * @throws StoreException with {@link StoreException.Reason#LOCKED} if it is held in a conflicting mode, here or in another process
     */
    static ShelfLock acquire(Path lockFile, String shelfName, boolean shared) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        synchronized (HELD_IN_THIS_JVM) {
            ShelfLock held = HELD_IN_THIS_JVM.get(key);
            if (held != null) {
                if (shared && held.shared) {
                    held.holders++;
                    return held;
                }
                throw StoreException.locked(lockFile, "shelf '" + shelfName + "' is already open "
                        + (held.shared ? "read-only" : "for writing") + " in this JVM; close it first"
                        + " (lock file " + lockFile + ")");
            }
            FileChannel channel = openLockFile(lockFile, shared);
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (IOException | RuntimeException failure) {
                channel.close();
                throw failure;
            }
            if (lock == null) {
                String holder = describeHolder(channel);
                channel.close();
                throw StoreException.locked(lockFile, "shelf '" + shelfName + "' is open "
                        + (shared ? "for writing in" : "by") + " another process" + holder
                        + "; a shelf has one writer, or readers only while no writer has it (lock file " + lockFile + ")");
            }
            if (!shared) {
                recordHolder(channel);
            }
            var acquired = new ShelfLock(key, channel, lock, shared);
            HELD_IN_THIS_JVM.put(key, acquired);
            return acquired;
        }
    }

    private static FileChannel openLockFile(Path lockFile, boolean shared) throws IOException {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        try {
            return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), ownerOnly);
        } catch (AccessDeniedException | NoSuchFileException readOnlyPlace) {
            if (!shared) {
                throw readOnlyPlace;
            }
            // A reader of a shelf in a read-only directory: a shared lock needs only read access.
            return FileChannel.open(lockFile, StandardOpenOption.READ);
        } catch (FileSystemException readOnlyFileSystem) {
            if (!shared || !Files.exists(lockFile)) {
                throw readOnlyFileSystem;
            }
            return FileChannel.open(lockFile, StandardOpenOption.READ);
        }
    }

    /** Leaves the writer's process id in the lock file, for the error message of whoever is refused. */
    private static void recordHolder(FileChannel channel) throws IOException {
        byte[] info = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(info), 0);
    }

    private static String describeHolder(FileChannel channel) {
        try {
            ByteBuffer content = ByteBuffer.allocate(64);
            channel.read(content, 0);
            String text = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
            return text.startsWith("pid ") ? " (" + text.replace("pid", "process") + " holds or held it for writing)" : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    boolean isShared() {
        return shared;
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            if (--holders > 0) {
                return;
            }
            HELD_IN_THIS_JVM.remove(lockFile);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
