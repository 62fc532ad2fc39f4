package io.jpmm.internal.medium;

import io.jpmm.internal.log.Log;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A file mapped in large windows, with the mappings callers ask for cut out of them: a million
 * array references then cost a million arenas, not a million kernel mappings (Linux allows 65,530
 * per process). Each slice takes the caller's arena as its scope, so closing that arena invalidates
 * exactly that slice, as unmapping a mapping of its own would. Giving a slice another scope is a
 * restricted operation, so windows exist only when the application enabled native access.
 *
 * <p>A window is unmapped only when no slice of it is alive: unmapping under a live slice would turn
 * a stale reference into a crash instead of an {@link IllegalStateException}.
 */
final class MappingWindows {
    static final long WINDOW = 1L << 30;
    /** Larger mappings are few, and get mappings of their own. */
    static final long LARGEST_SLICE = 64L << 20;

    @FunctionalInterface
    interface Mapper {
        MemorySegment map(long offset, long length, Arena arena) throws IOException;
    }

    private final Path path;
    /** The latest mapping of each window, by index; a window is mapped again when the file has grown past it. */
    private final Map<Long, MemorySegment> latest = new HashMap<>();
    /** Every window mapping still mapped, by address, to find the one behind a slice. */
    private final NavigableMap<Long, MemorySegment> byAddress = new TreeMap<>();
    private final List<Arena> windowArenas = new ArrayList<>();
    private final List<MemorySegment> slices = new ArrayList<>();
    private int pruneAt = 1024;

    private MappingWindows(Path path) {
        this.path = path;
    }

    /** Windows for {@code path}, or empty when native access is not enabled. */
    static Optional<MappingWindows> forFile(Path path) {
        return MappingWindows.class.getModule().isNativeAccessEnabled()
                ? Optional.of(new MappingWindows(path)) : Optional.empty();
    }

    /**
     * {@code [offset, offset + length)} as a slice of a window, valid until {@code arena} closes; empty
     * if it is too large or crosses a window's end.
     *
     * @param fileLength the file's length now: a window maps at most up to it
     */
    synchronized Optional<MemorySegment> slice(long offset, long length, long fileLength, Arena arena, Mapper mapper)
            throws IOException {
        long index = offset / WINDOW;
        if (length == 0 || length > LARGEST_SLICE || (offset + length - 1) / WINDOW != index) {
            return Optional.empty();
        }
        long windowStart = index * WINDOW;
        MemorySegment window = latest.get(index);
        if (window == null || windowStart + window.byteSize() < offset + length) {
            Arena windowArena = Arena.ofShared();
            try {
                window = mapper.map(windowStart, Math.min(windowStart + WINDOW, fileLength) - windowStart, windowArena);
            } catch (IOException | RuntimeException failure) {
                windowArena.close();
                throw failure;
            }
            windowArenas.add(windowArena);
            latest.put(index, window);
            byAddress.put(window.address(), window);
        }
        MemorySegment slice = window.asSlice(offset - windowStart, length).reinterpret(arena, null);
        track(slice);
        return Optional.of(slice);
    }

    /** The part of a window behind {@code slice}: only a mapped segment can be flushed. */
    synchronized MemorySegment windowOf(MemorySegment slice) {
        if (!slice.scope().isAlive()) {
            throw new IllegalStateException("Already closed");
        }
        Map.Entry<Long, MemorySegment> window = byAddress.floorEntry(slice.address());
        if (window == null || slice.address() + slice.byteSize() > window.getKey() + window.getValue().byteSize()) {
            throw new IllegalArgumentException("not a mapping of " + path);
        }
        return window.getValue().asSlice(slice.address() - window.getKey(), slice.byteSize());
    }

    /** Unmaps the windows if no slice of them is alive; otherwise leaves them mapped, so that no access can crash. */
    synchronized void close() {
        slices.removeIf(slice -> !slice.scope().isAlive());
        if (!slices.isEmpty()) {
            Log.warning(() -> path + ": " + slices.size() + " mappings are still in use at close; their windows stay"
                    + " mapped until the JVM exits");
            return;
        }
        windowArenas.forEach(Arena::close);
        windowArenas.clear();
        latest.clear();
        byAddress.clear();
    }

    private void track(MemorySegment slice) {
        slices.add(slice);
        if (slices.size() >= pruneAt) {
            slices.removeIf(each -> !each.scope().isAlive());
            pruneAt = Math.max(1024, 2 * slices.size());
        }
    }
}
