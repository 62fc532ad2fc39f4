package io.jpmm.internal.medium;

import io.jpmm.internal.log.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Path;
import jdk.nio.mapmode.ExtendedMapMode;

/** A file mapped with one map mode for its whole life: {@code MAP_SYNC} if the file system allows it. */
final class MappedFile implements MediumFile {
    private final Path path;
    private final FileChannel channel;
    private final MapMode mapMode;
    private final SyncMode mode;
    private volatile long length;

    private MappedFile(Path path, FileChannel channel, MapMode mapMode, SyncMode mode) throws IOException {
        this.path = path;
        this.channel = channel;
        this.mapMode = mapMode;
        this.mode = mode;
        this.length = channel.size();
    }

    static MappedFile open(Path path, FileChannel channel, boolean readOnly) throws IOException {
        try {
            SyncMode mode = supportsMapSync(channel, readOnly) ? SyncMode.MAP_SYNC : SyncMode.MSYNC;
            Log.info(() -> path + ": " + mode.description() + (readOnly ? ", read-only" : ""));
            MapMode mapMode = readOnly ? MapMode.READ_ONLY
                    : mode == SyncMode.MAP_SYNC ? ExtendedMapMode.READ_WRITE_SYNC : MapMode.READ_WRITE;
            return new MappedFile(path, channel, mapMode, mode);
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
        return mapMode == MapMode.READ_ONLY;
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
    public SyncMode mode() {
        return mode;
    }

    @Override
    public int writeUnit() {
        return mode == SyncMode.MAP_SYNC ? 64 : 4096;
    }

    @Override
    public MemorySegment map(long offset, long byteLength, Arena arena) throws IOException {
        if (offset < 0 || byteLength < 0 || offset + byteLength > length) {
            throw new IOException("cannot map [" + offset + ", " + (offset + byteLength) + ") of " + path
                    + ": the file is " + length + " bytes");
        }
        Log.trace(() -> "map " + path.getFileName() + " [" + offset + ", +" + byteLength + ")");
        return channel.map(mapMode, offset, byteLength, arena);
    }

    @Override
    public void persist(MemorySegment mapped) throws IOException {
        if (readOnly() || mapped.byteSize() == 0) {
            return;
        }
        Log.trace(() -> "persist " + path.getFileName() + " " + mapped.byteSize() + " bytes");
        try {
            mapped.force();
        } catch (UncheckedIOException failed) {
            throw new IOException("flushing " + mapped.byteSize() + " bytes of " + path + " failed", failed.getCause());
        }
    }

    @Override
    public void prefault(MemorySegment mapped) {
        if (!readOnly()) {
            NativeCalls.get().ifPresent(calls -> calls.populateWrite(mapped));
        }
    }

    @Override
    public synchronized void extend(long newLength) throws IOException {
        if (newLength <= length) {
            return;
        }
        MappedFileMedium.allocate(channel, path, length, newLength - length);
        channel.force(true);
        length = newLength;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
