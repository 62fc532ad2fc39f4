package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One writer or any number of readers per shelf, across processes (an OS file lock on the shelf's
 * {@code .lock} file) and within this JVM (where OS locks do not exclude each other).
 *
 * <p>The lock is held by the file, not by a path: a shelf opened through a symbolic link or a bind
 * mount is recognised by the lock file's device and inode. That matters twice over, because closing
 * any descriptor of a file drops the process's {@code fcntl} locks on it: a second open of the same
 * shelf in this JVM must not even open the lock file again. The lock file is separate from the data
 * file for the same reason (tools open the data file). It is opened without following symbolic
 * links, never truncated, and written (the writer's process id, for others' error messages) only if
 * it is a regular file of this user's with one link.
 */
final class ShelfLock implements AutoCloseable {
    private static final Map<Object, ShelfLock> HELD_IN_THIS_JVM = new HashMap<>();
    /** Channels that must stay open: closing them would drop a lock someone else in this JVM holds. */
    private static final List<FileChannel> NEVER_CLOSED = new ArrayList<>();
    private static final int HOLDER_BYTES = 32;
    private static final int ATTEMPTS = 10;

    private final Path lockFile;
    private final Object identity;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean shared;
    private final boolean created;
    private int holders = 1;

    private ShelfLock(Path lockFile, Object identity, FileChannel channel, FileLock lock, boolean shared, boolean created) {
        this.lockFile = lockFile;
        this.identity = identity;
        this.channel = channel;
        this.lock = lock;
        this.shared = shared;
        this.created = created;
    }

    /**
     * Takes the lock of shelf {@code shelfName}: exclusive for a writer, shared for a reader. A reader
     * of a shelf whose lock file does not exist and cannot be made (read-only media, a directory it
     * may not write) reads without a lock: no writer can have the shelf open without that file.
     *
     * @throws StoreException with {@link StoreException.Reason#LOCKED} if it is held in a conflicting
     *                        mode, here or in another process, or the lock file is not a regular file
     */
    static ShelfLock acquire(Path lockFile, String shelfName, boolean shared) throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ShelfLock lock = tryAcquire(lockFile, shelfName, shared);
                if (lock != null) {
                    return lock;
                }
            }
            throw StoreException.locked(lockFile, "the lock file " + lockFile + " of shelf '" + shelfName
                    + "' keeps being replaced or deleted while it is opened; is another program removing it?");
        }
    }

    /** A lock, or null if the lock file changed identity underneath (then the caller tries again). */
    private static ShelfLock tryAcquire(Path lockFile, String shelfName, boolean shared) throws IOException {
        Object identity = identityOf(lockFile, shelfName);
        boolean created = false;
        if (identity == null) {
            try {
                createLockFile(lockFile);
                created = true;
            } catch (FileAlreadyExistsException raced) {
                return null;
            } catch (FileSystemException readOnlyPlace) {
                if (shared) {
                    Log.info(() -> "cannot create " + lockFile + " (" + readOnlyPlace.getMessage()
                            + "); reading shelf '" + shelfName + "' without a lock: no writer can have it open");
                    return unlocked(lockFile);
                }
                throw readOnlyPlace;
            }
            identity = identityOf(lockFile, shelfName);
            if (identity == null) {
                return null;
            }
        }
        ShelfLock held = HELD_IN_THIS_JVM.get(identity);
        if (held != null) {
            if (shared && held.shared) {
                held.holders++;
                return held;
            }
            throw StoreException.locked(lockFile, "shelf '" + shelfName + "' is already open "
                    + (held.shared ? "read-only" : "for writing") + " in this JVM (lock file " + held.lockFile
                    + (held.lockFile.equals(lockFile) ? "" : ", the same file as " + lockFile) + "); close it first");
        }
        FileChannel channel = openLockFile(lockFile, shared);
        if (!identity.equals(identityOf(lockFile, shelfName))) {
            channel.close();
            return null;
        }
        FileLock lock;
        try {
            lock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException heldByOtherCode) {
            NEVER_CLOSED.add(channel);
            throw StoreException.locked(lockFile, "the lock file " + lockFile + " of shelf '" + shelfName
                    + "' is locked by other code in this JVM");
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
        // A failed open elsewhere may have deleted the file between our look and our lock.
        if (!identity.equals(identityOf(lockFile, shelfName))) {
            lock.release();
            channel.close();
            return null;
        }
        var acquired = new ShelfLock(lockFile, identity, channel, lock, shared, created);
        if (!shared && isOwnRegularFile(lockFile)) {
            recordHolder(channel);
        }
        HELD_IN_THIS_JVM.put(identity, acquired);
        return acquired;
    }

    private static ShelfLock unlocked(Path lockFile) {
        return new ShelfLock(lockFile, null, null, null, true, false);
    }

    /** The lock file's device and inode, or null if it does not exist; refuses anything but a regular file. */
    private static Object identityOf(Path lockFile, String shelfName) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            throw StoreException.locked(lockFile, "the lock file " + lockFile + " of shelf '" + shelfName + "' is "
                    + (attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                    : "not a regular file") + "; jpmm will not use it. Remove it if no jpmm process has the shelf open");
        }
        return attributes.fileKey();
    }

    private static void createLockFile(Path lockFile) throws IOException {
        var ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try (FileChannel created = FileChannel.open(lockFile, options, ownerOnly)) {
            created.force(true);
        }
    }

    private static FileChannel openLockFile(Path lockFile, boolean shared) throws IOException {
        try {
            return FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException readOnlyPlace) {
            if (!shared) {
                throw readOnlyPlace;
            }
            // A reader of a shelf in a place it may not write: a shared lock needs only read access.
            return FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** A regular file of this process's user, with one link: the only kind jpmm writes into. */
    private static boolean isOwnRegularFile(Path lockFile) {
        try {
            Map<String, Object> unix = Files.readAttributes(lockFile, "unix:uid,nlink", LinkOption.NOFOLLOW_LINKS);
            Object ourUid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return unix.get("uid").equals(ourUid) && ((Integer) unix.get("nlink")) == 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException unknown) {
            return false;
        }
    }

    /** Leaves the writer's process id at the start of the lock file, never truncating it. */
    private static void recordHolder(FileChannel channel) throws IOException {
        String record = "pid " + ProcessHandle.current().pid();
        byte[] bytes = (record + " ".repeat(HOLDER_BYTES - 1 - record.length()) + "\n").getBytes(StandardCharsets.US_ASCII);
        channel.write(ByteBuffer.wrap(bytes), 0);
    }

    private static String describeHolder(FileChannel channel) {
        try {
            ByteBuffer content = ByteBuffer.allocate(HOLDER_BYTES);
            channel.read(content, 0);
            String text = new String(content.array(), 0, content.position(), StandardCharsets.US_ASCII).strip();
            return text.matches("pid \\d+") ? " (" + text.replace("pid", "process") + " holds or held it for writing)" : "";
        } catch (IOException unreadable) {
            return "";
        }
    }

    boolean isShared() {
        return shared;
    }

    /**
     * After a failed open: releases the lock and, if this open created the lock file and holds it
     * exclusively, deletes the file first (others who opened it meanwhile notice and try again).
     */
    void abandon() throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            if (created && !shared && holders == 1 && channel != null) {
                Files.deleteIfExists(lockFile);
            }
        }
        close();
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD_IN_THIS_JVM) {
            if (channel == null || --holders > 0) {
                return;
            }
            HELD_IN_THIS_JVM.remove(identity);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
