package io.jpmm.internal.store;

import io.jpmm.internal.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.foreign.Arena;
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
 * One writer and any number of readers per shelf, across processes (OS locks on the shelf's
 * {@code .lock} file) and within this JVM (where OS locks do not exclude each other).
 *
 * <p>The writer holds an exclusive lock on byte 0 of the lock file. Each reader holds a slot of the
 * {@link ReaderTable} that follows it. A reader that cannot write the lock file (another user's
 * shelf) takes a shared lock on byte 0 instead, which keeps writers out while it reads.
 *
 * <p>The lock is held by the file, not by a path: a shelf opened through a symbolic link or a bind
 * mount is recognised by the lock file's device and inode. That matters twice over, because closing
 * any descriptor of a file drops the process's {@code fcntl} locks on it: every open of the same
 * shelf in this JVM shares one channel to the lock file, closed when the last one closes. The lock
 * file is separate from the data file for the same reason (tools open the data file). It is opened
 * without following symbolic links, never truncated, and written (the writer's process id, for
 * others' error messages) only if it is a regular file of this user's with one link.
 */
final class ShelfLock implements AutoCloseable {
    private static final Map<Object, LockFile> OPEN_IN_THIS_JVM = new HashMap<>();
    /** Channels that must stay open: closing them would drop a lock someone else in this JVM holds. */
    private static final List<FileChannel> NEVER_CLOSED = new ArrayList<>();
    private static final int HOLDER_BYTES = 32;
    private static final int ATTEMPTS = 10;
    /** How long a writer retries a lock on byte 0 that a reader may hold for a moment (to see if a writer lives). */
    private static final int WRITER_LOCK_TRIES = 20;

    /** This JVM's channel to one lock file, shared by every open of its shelf here. */
    private static final class LockFile {
        final Path path;
        final Object identity;
        final FileChannel channel;
        final boolean created;
        final Arena tableArena;
        final ReaderTable table;
        FileLock writerLock;
        int holders;

        LockFile(Path path, Object identity, FileChannel channel, boolean created, Arena tableArena, ReaderTable table) {
            this.path = path;
            this.identity = identity;
            this.channel = channel;
            this.created = created;
            this.tableArena = tableArena;
            this.table = table;
        }
    }

    private final String shelfName;
    private final LockFile file;
    private final ReaderTable.Slot slot;
    private final FileLock lock;
    private final boolean writer;
    private boolean closed;

    private ShelfLock(String shelfName, LockFile file, ReaderTable.Slot slot, FileLock lock, boolean writer) {
        this.shelfName = shelfName;
        this.file = file;
        this.slot = slot;
        this.lock = lock;
        this.writer = writer;
    }

    /**
     * Takes the lock of shelf {@code shelfName}: the writer's, or a reader's slot. A reader of a
     * shelf whose lock file does not exist and cannot be made (read-only media, a directory it may
     * not write) reads without a lock: no writer can have the shelf open without that file.
     *
     * @throws StoreException with {@link StoreException.Reason#LOCKED} if a writer is asked for and
     *                        another writer has the shelf, here or in another process, or every
     *                        reader slot is taken, or the lock file is not a regular file
     */
    static ShelfLock acquire(Path lockFile, String shelfName, boolean reader) throws IOException {
        synchronized (OPEN_IN_THIS_JVM) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ShelfLock lock = tryAcquire(lockFile, shelfName, reader);
                if (lock != null) {
                    return lock;
                }
            }
            throw StoreException.locked(lockFile, "the lock file " + lockFile + " of shelf '" + shelfName
                    + "' keeps being replaced or deleted while it is opened; is another program removing it?");
        }
    }

    /** A lock, or null if the lock file changed identity underneath (then the caller tries again). */
    private static ShelfLock tryAcquire(Path lockFile, String shelfName, boolean reader) throws IOException {
        Object identity = identityOf(lockFile, shelfName);
        boolean created = false;
        if (identity == null) {
            try {
                createLockFile(lockFile);
                created = true;
            } catch (FileAlreadyExistsException raced) {
                return null;
            } catch (FileSystemException readOnlyPlace) {
                if (reader) {
                    Log.info(() -> "cannot create " + lockFile + " (" + readOnlyPlace.getMessage()
                            + "); reading shelf '" + shelfName + "' without a lock: no writer can have it open");
                    return new ShelfLock(shelfName, null, null, null, false);
                }
                throw readOnlyPlace;
            }
            identity = identityOf(lockFile, shelfName);
            if (identity == null) {
                return null;
            }
        }
        LockFile open = OPEN_IN_THIS_JVM.get(identity);
        if (open == null) {
            open = openLockFile(lockFile, identity, created, shelfName);
            if (open == null) {
                return null;
            }
        }
        ShelfLock acquired = reader ? readerLock(open, shelfName) : writerLock(open, lockFile, shelfName);
        // A failed open elsewhere may have deleted the file between our look and our lock.
        if (!identity.equals(identityOf(lockFile, shelfName))) {
            acquired.release();
            return null;
        }
        return acquired;
    }

    private static LockFile openLockFile(Path lockFile, Object identity, boolean created, String shelfName)
            throws IOException {
        FileChannel channel;
        boolean writable = true;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (FileSystemException readOnlyPlace) {
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            writable = false;
        }
        if (!identity.equals(identityOf(lockFile, shelfName))) {
            channel.close();
            return null;
        }
        Arena arena = null;
        ReaderTable table = null;
        try {
            if (writable) {
                if (channel.size() < ReaderTable.END) {
                    // Never truncating: a zero in the last reserved byte of the table makes it whole.
                    channel.write(ByteBuffer.allocate(1), ReaderTable.END - 1);
                }
                arena = Arena.ofShared();
                table = new ReaderTable(channel, channel.map(FileChannel.MapMode.READ_WRITE, ReaderTable.OFFSET,
                        ReaderTable.END - ReaderTable.OFFSET, arena));
            }
        } catch (IOException | RuntimeException failure) {
            if (arena != null) {
                arena.close();
            }
            channel.close();
            throw failure;
        }
        var open = new LockFile(lockFile, identity, channel, created, arena, table);
        OPEN_IN_THIS_JVM.put(identity, open);
        return open;
    }

    private static ShelfLock writerLock(LockFile open, Path lockFile, String shelfName) throws IOException {
        if (open.writerLock != null) {
            throw StoreException.locked(lockFile, "shelf '" + shelfName + "' is already open for writing in this JVM"
                    + " (lock file " + open.path + (open.path.equals(lockFile) ? "" : ", the same file as " + lockFile)
                    + "); close it first");
        }
        if (open.table == null) {
            release(open);
            throw StoreException.locked(lockFile, "cannot write shelf '" + shelfName + "': its lock file " + lockFile
                    + " is not writable by this user");
        }
        FileLock lock = null;
        try {
            for (int attempt = 0; lock == null && attempt < WRITER_LOCK_TRIES; attempt++) {
                lock = open.channel.tryLock(0, 1, false);
                if (lock == null) {
                    pause();
                }
            }
        } catch (OverlappingFileLockException heldByOtherCode) {
            NEVER_CLOSED.add(open.channel);
            OPEN_IN_THIS_JVM.remove(open.identity);
            throw StoreException.locked(lockFile, "the lock file " + lockFile + " of shelf '" + shelfName
                    + "' is locked by other code in this JVM");
        }
        if (lock == null) {
            String holder = describeHolder(open.channel);
            release(open);
            throw StoreException.locked(lockFile, "shelf '" + shelfName + "' is open for writing by another process"
                    + holder + "; a shelf has one writer at a time (readers may open it read-only meanwhile; lock file "
                    + lockFile + ")");
        }
        open.writerLock = lock;
        open.holders++;
        if (isOwnRegularFile(lockFile)) {
            recordHolder(open.channel);
        }
        return new ShelfLock(shelfName, open, null, lock, true);
    }

    private static ShelfLock readerLock(LockFile open, String shelfName) throws IOException {
        if (open.table == null) {
            // A reader that cannot write a slot keeps writers out instead, as long as it reads.
            FileLock shared = open.channel.tryLock(0, 1, true);
            if (shared == null) {
                String holder = describeHolder(open.channel);
                release(open);
                throw StoreException.locked(open.path, "shelf '" + shelfName + "' is open for writing by another"
                        + " process" + holder + ", and this user cannot write its lock file " + open.path
                        + " to read beside it");
            }
            open.holders++;
            return new ShelfLock(shelfName, open, null, shared, false);
        }
        ReaderTable.Slot slot = open.table.claim();
        if (slot == null) {
            release(open);
            throw StoreException.locked(open.path, "shelf '" + shelfName + "' has " + ReaderTable.SLOTS
                    + " readers open, as many as its reader table holds (lock file " + open.path + ")");
        }
        open.holders++;
        return new ShelfLock(shelfName, open, slot, null, false);
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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

    /** The reader table, for a writer that frees space; null without one (a reader, or no lock file). */
    ReaderTable readers() {
        return writer ? file.table : null;
    }

    /** This reader's slot, or null if it reads without one (no lock file, or one it cannot write). */
    ReaderTable.Slot slot() {
        return slot;
    }

    /**
     * Whether a writer has the shelf open, here or in another process. A reader asks when it finds
     * a transaction unfinished: if no writer lives, nobody is going to finish it.
     */
    boolean writerAlive() throws IOException {
        if (file == null || (lock != null && !writer)) {
            return false;
        }
        synchronized (OPEN_IN_THIS_JVM) {
            if (file.writerLock != null) {
                return true;
            }
            try {
                FileLock probe = file.channel.tryLock(0, 1, true);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (OverlappingFileLockException heldInThisJvm) {
                return true;
            }
        }
    }

    /**
     * After a failed open: releases the lock and, if this open created the lock file and is its
     * writer and only holder, deletes the file first (others who opened it meanwhile notice and
     * try again).
     */
    void abandon() throws IOException {
        synchronized (OPEN_IN_THIS_JVM) {
            if (file != null && file.created && writer && file.holders == 1) {
                Files.deleteIfExists(file.path);
            }
        }
        close();
    }

    @Override
    public void close() throws IOException {
        synchronized (OPEN_IN_THIS_JVM) {
            release();
        }
    }

    private void release() throws IOException {
        if (closed || file == null) {
            closed = true;
            return;
        }
        closed = true;
        try {
            if (slot != null) {
                slot.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (writer) {
                file.writerLock = null;
            }
        } finally {
            file.holders--;
            release(file);
        }
    }

    /** Closes this JVM's channel to the lock file once nothing here holds a lock on it. */
    private static void release(LockFile open) throws IOException {
        if (open.holders > 0) {
            return;
        }
        OPEN_IN_THIS_JVM.remove(open.identity);
        try {
            if (open.tableArena != null) {
                open.tableArena.close();
            }
        } finally {
            open.channel.close();
        }
    }
}
