package io.jpmm.internal.medium;

import io.jpmm.internal.log.Log;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import jdk.nio.mapmode.ExtendedMapMode;

/**
 * A file mapped with one map mode for its whole life: {@code MAP_SYNC} if the file system allows it.
 *
 * <p>A {@link FileChannel} is closed for everyone when a thread using it is interrupted. The channel
 * here is shared by every thread of a shelf, so an interrupted caller must not take the shelf down:
 * the interrupt status is set aside during channel calls, and if the channel is closed all the same
 * (an interrupt that arrives during the call), it is reopened, after checking that the path still
 * names the same file, and the call is retried for as long as interrupts keep closing it. Mappings
 * do not depend on the channel and stay valid.
 */
final class MappedFile implements MediumFile {
    private static final int PAGE = 4096;
    private static final int EOPNOTSUPP = 95;

    private final Path path;
    private final boolean readOnly;
    private final Object identity;
    private final MapMode mapMode;
    private final SyncMode mode;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private volatile long length;
    private final Optional<MappingWindows> windows;
    /** Whether {@link #zero} may use {@code FALLOC_FL_ZERO_RANGE}; null until first asked. */
    private volatile Boolean zeroRanges;

    private MappedFile(Path path, FileChannel channel, boolean readOnly, Object identity, MapMode mapMode, SyncMode mode)
            throws IOException {
        this.path = path;
        this.channel = channel;
        this.readOnly = readOnly;
        this.identity = identity;
        this.mapMode = mapMode;
        this.mode = mode;
        this.length = channel.size();
        this.windows = MappingWindows.forFile(path);
    }

    static MappedFile open(Path path, FileChannel channel, boolean readOnly) throws IOException {
        try {
            Object identity = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            SyncMode mode = supportsMapSync(channel, readOnly) ? SyncMode.MAP_SYNC : SyncMode.MSYNC;
            Log.info(() -> path + ": " + mode.description() + (readOnly ? ", read-only" : ""));
            MapMode mapMode = readOnly ? MapMode.READ_ONLY
                    : mode == SyncMode.MAP_SYNC ? ExtendedMapMode.READ_WRITE_SYNC : MapMode.READ_WRITE;
            return new MappedFile(path, channel, readOnly, identity, mapMode, mode);
        } catch (IOException | RuntimeException failure) {
            channel.close();
            throw failure;
        }
    }

    /** MAP_SYNC mappings succeed only on DAX file systems; elsewhere the kernel says EOPNOTSUPP. */
    private static boolean supportsMapSync(FileChannel channel, boolean readOnly) throws IOException {
        if (channel.size() == 0) {
            return false;
        }
        try (Arena probe = Arena.ofConfined()) {
            channel.map(readOnly ? ExtendedMapMode.READ_ONLY_SYNC : ExtendedMapMode.READ_WRITE_SYNC, 0, 1, probe);
            return true;
        } catch (IOException | UnsupportedOperationException notDax) {
            return false;
        }
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long refreshLength() throws IOException {
        length = Math.max(length, withChannel(FileChannel::size));
        return length;
    }

    @Override
    public SyncMode mode() {
        return mode;
    }

    @Override
    public int writeUnit() {
        return mode == SyncMode.MAP_SYNC ? 64 : 4096;
    }

    @Override
    public MemorySegment map(long offset, long byteLength, Arena arena) throws IOException {
        if (offset >= 0 && byteLength >= 0 && offset + byteLength > length) {
            // A writer in another process may have grown the file since this one looked.
            refreshLength();
        }
        if (offset < 0 || byteLength < 0 || offset + byteLength > length) {
            throw new IOException("cannot map [" + offset + ", " + (offset + byteLength) + ") of " + path
                    + ": the file is " + length + " bytes");
        }
        Log.trace(() -> "map " + path.getFileName() + " [" + offset + ", +" + byteLength + ")");
        try {
            if (windows.isPresent()) {
                Optional<MemorySegment> slice = windows.get().slice(offset, byteLength, length, arena,
                        (at, bytes, windowArena) -> withChannel(current -> current.map(mapMode, at, bytes, windowArena)));
                if (slice.isPresent()) {
                    return slice.get();
                }
            }
            return withChannel(current -> current.map(mapMode, offset, byteLength, arena));
        } catch (IOException failure) {
            // mmap fails for lack of address space or of mappings: the OS limits them per process.
            throw new IOException("cannot map " + byteLength + " bytes at offset " + offset + " of " + path + " ("
                    + failure.getMessage() + "; the OS limits mappings per process to vm.max_map_count)", failure);
        }
    }

    @Override
    public void persist(MemorySegment mapped) throws IOException {
        if (readOnly || mapped.byteSize() == 0) {
            return;
        }
        Log.trace(() -> "persist " + path.getFileName() + " " + mapped.byteSize() + " bytes");
        try {
            (mapped.isMapped() || windows.isEmpty() ? mapped : windows.get().windowOf(mapped)).force();
        } catch (UncheckedIOException failed) {
            throw new IOException("flushing " + mapped.byteSize() + " bytes of " + path + " failed", failed.getCause());
        }
    }

    @Override
    public void prefault(MemorySegment mapped) {
        if (!readOnly) {
            NativeCalls.get().ifPresent(calls -> calls.populateWrite(mapped));
        }
    }

    /** Bytes between two flushes of a streamed write to persistent memory. */
    private static final long FLUSH_EVERY = 256L << 20;
    /**
     * Bytes per transfer of a write through the file: progress is reported, and the disk started
     * (WriteBehind), after each. With 4 MiB, a 16 MiB put overlaps its copy with the disk as well;
     * with 16 MiB it did not, and took 0.62x the time of np.save + fsync instead of 0.77-0.94x.
     */
    private static final long TRANSFER_STEP = 4L << 20;

    @Override
    public void writeFrom(ReadableByteChannel source, long offset, long count, LongConsumer progress) throws IOException {
        if (mode == SyncMode.MAP_SYNC) {
            // Persistent memory: the mapping is the fast path, and flushing cache lines the durable one.
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment target = map(offset, count, arena);
                for (long done = 0; done < count; ) {
                    long chunk = Math.min(FLUSH_EVERY, count - done);
                    ByteBuffer window = target.asSlice(done, chunk).asByteBuffer();
                    while (window.hasRemaining()) {
                        if (source.read(window) < 0) {
                            throw new EOFException(path + ": the source ended after " + (done + window.position())
                                    + " of " + count + " bytes");
                        }
                    }
                    try {
                        persist(target.asSlice(done, chunk));
                    } catch (IOException failure) {
                        throw new FlushFailedException("flushing " + path + " failed", failure);
                    }
                    done += chunk;
                    progress.accept(done);
                }
            }
            return;
        }
        // One flush at the end, as cp + sync does: a flush in between would make the copy wait for
        // the disk. The disk starts on each step as soon as it is copied (WriteBehind).
        transferIn(offset, count, (current, position, step) -> current.transferFrom(source, position, step),
                "the source ended", progress);
        flush();
    }

    @Override
    public boolean write(MemorySegment source, long offset) throws IOException {
        if (mode == SyncMode.MAP_SYNC || readOnly || !source.isNative()) {
            return false;
        }
        transferIn(offset, source.byteSize(), (current, position, step) ->
                current.write(source.asSlice(position - offset, step).asByteBuffer(), position), "the write stopped",
                done -> { });
        return true;
    }

    /** One kernel copy between the file and another channel, of at most {@code step} bytes at {@code position}. */
    private interface Transfer {
        long move(FileChannel file, long position, long step) throws IOException;
    }

    /** Moves {@code count} bytes into the file at {@code offset}, the disk writing behind each step. */
    private void transferIn(long offset, long count, Transfer transfer, String ended, LongConsumer progress) throws IOException {
        try (WriteBehind behind = WriteBehind.of(path, offset, count, TRANSFER_STEP)) {
            transfer(offset, count, transfer, ended, behind.andThen(progress));
        }
    }

    /** Moves {@code count} bytes at {@code offset} in steps, each through {@link #withChannel}. */
    private void transfer(long offset, long count, Transfer transfer, String ended, LongConsumer progress) throws IOException {
        for (long done = 0; done < count; ) {
            long position = offset + done;
            long step = Math.min(TRANSFER_STEP, count - done);
            long moved = withChannel(current -> transfer.move(current, position, step));
            if (moved <= 0) {
                throw new EOFException(path + ": " + ended + " after " + done + " of " + count + " bytes");
            }
            done += moved;
            progress.accept(done);
        }
    }

    @Override
    public boolean copyTo(long offset, long count, WritableByteChannel target) throws IOException {
        if (mode == SyncMode.MAP_SYNC || !(target instanceof FileChannel)) {
            return false;
        }
        // The page cache is shared by the mapping and the file: what was written in place is what is copied.
        transfer(offset, count, (current, position, step) -> current.transferTo(position, step, target), "ended", done -> { });
        return true;
    }

    @Override
    public boolean zero(long offset, long length) throws IOException {
        if (offset % PAGE != 0 || length % PAGE != 0 || !zeroRangesAllowed()) {
            return false;
        }
        NativeCalls calls = NativeCalls.get().orElseThrow();
        int fd = calls.openForWriting(path);
        if (fd < 0) {
            return false;
        }
        try {
            // Opened by name: zero nothing unless the name still leads to this shelf's file.
            if (!identity.equals(fileKeyOf(fd))) {
                Log.warning(() -> path + " now names another file; writing zeros through the mapping instead");
                return false;
            }
            int error = calls.zeroRange(fd, offset, length);
            if (error != 0) {
                if (error == EOPNOTSUPP) {
                    zeroRanges = false;
                }
                Log.info(() -> "fallocate(FALLOC_FL_ZERO_RANGE) on " + path + " failed with errno " + error
                        + "; writing zeros through the mapping instead");
                return false;
            }
        } finally {
            calls.close(fd);
        }
        // The unwritten extents are metadata: a full flush commits them, which a data flush may not.
        flush(true);
        return true;
    }

    /** The identity of the file open as {@code fd}, or null if the OS does not tell. */
    private static Object fileKeyOf(int fd) {
        try {
            return Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class).fileKey();
        } catch (IOException unknown) {
            return null;
        }
    }

    /**
     * Zeroing by {@code FALLOC_FL_ZERO_RANGE} is for ext4 only: it turns the range into unwritten
     * extents in place, keeping their blocks. Other file systems may free the blocks and allocate
     * them again, and on a full disk that can leave a hole, which a later write through a mapping
     * cannot fill (SIGBUS). Persistent memory writes zeros faster through its mapping.
     */
    private boolean zeroRangesAllowed() {
        Boolean allowed = zeroRanges;
        if (allowed == null) {
            if (mode != SyncMode.MSYNC || readOnly || identity == null || NativeCalls.get().isEmpty()) {
                allowed = false;
            } else {
                try {
                    allowed = "ext4".equals(Files.getFileStore(path).type());
                } catch (IOException unknown) {
                    return false; // the name is gone or unreadable now; ask again next time
                }
            }
            zeroRanges = allowed;
        }
        return allowed;
    }

    private void flush() throws FlushFailedException {
        flush(false);
    }

    private void flush(boolean metadata) throws FlushFailedException {
        try {
            withChannel(current -> {
                current.force(metadata);
                return null;
            });
        } catch (IOException failure) {
            throw new FlushFailedException("flushing " + path + " failed", failure);
        }
    }

    @Override
    public void allocateHoles() throws IOException {
        var nativeCalls = NativeCalls.get();
        if (readOnly || nativeCalls.isEmpty()) {
            return;
        }
        int error = nativeCalls.get().allocateHoles(path, length);
        if (error != 0) {
            throw new IOException(error == NativeCalls.ENOSPC ? "no space left on device"
                    : "allocating its holes failed with errno " + error);
        }
    }

    @Override
    public synchronized void grow(long from, long to) throws IOException {
        withChannel(current -> {
            MappedFileMedium.allocate(current, path, from, to - from);
            current.force(true);
            return null;
        });
        length = Math.max(length, to);
    }

    @Override
    public synchronized void truncate(long newLength) throws IOException {
        withChannel(current -> {
            current.truncate(newLength);
            current.force(true);
            return null;
        });
        length = newLength;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        windows.ifPresent(MappingWindows::close);
        channel.close();
    }

    @FunctionalInterface
    private interface ChannelCall<T> {
        T call(FileChannel channel) throws IOException;
    }

    /**
     * Runs {@code call} on the channel with the caller's interrupt status set aside, reopening the
     * channel whenever an interrupt (this caller's or another thread's) closed it under the call.
     * Every call here can be repeated: a write of the same bytes at the same position, a flush, a
     * growth. A transfer with another channel is retried only when another thread's interrupt
     * closed this one, before anything moved; when the caller itself is interrupted, the JDK
     * closes the other channel too, and the retry fails at once. Each retry needs a new interrupt,
     * so the loop ends when the interrupts do.
     */
    private <T> T withChannel(ChannelCall<T> call) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                FileChannel current = channel;
                try {
                    return call.call(current);
                } catch (ClosedChannelException closedUnderneath) {
                    if (closed || current.isOpen()) {
                        throw closedUnderneath;
                    }
                    interrupted |= Thread.interrupted();
                    reopen(current);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void reopen(FileChannel closedChannel) throws IOException {
        if (channel != closedChannel || closed) {
            return;
        }
        FileChannel reopened = readOnly
                ? FileChannel.open(path, StandardOpenOption.READ)
                : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Object reopenedIdentity = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (!identity.equals(reopenedIdentity)) {
            reopened.close();
            throw new IOException(path + " is no longer the file this shelf opened (it was replaced while open);"
                    + " reopen the shelf");
        }
        Log.info(() -> path + ": reopened the file channel an interrupted thread had closed");
        channel = reopened;
    }
}
