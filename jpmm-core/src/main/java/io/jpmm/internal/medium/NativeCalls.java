package io.jpmm.internal.medium;

import io.jpmm.internal.log.Log;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few libc calls the JDK has no API for: {@code madvise(MADV_POPULATE_WRITE)} to pre-fault a
 * mapping before a large copy, {@code posix_fallocate} to reserve a file's blocks up front,
 * {@code lseek(SEEK_HOLE)} to find out cheaply whether a file has holes, {@code sync_file_range} to
 * start writing a file's range to disk without waiting, {@code fallocate(FALLOC_FL_ZERO_RANGE)} to
 * make a range read as zeros without writing them, and {@code mmap} for large anonymous memory.
 *
 * <p>Calls go through the FFM linker only when the application enabled native access for jpmm
 * ({@code --enable-native-access=io.jpmm} or {@code ALL-UNNAMED}); otherwise jpmm never touches a
 * restricted method, prints no JDK warning, and callers take their pure-Java fallback.
 */
final class NativeCalls {
    static final int ENOSPC = 28;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int MADV_DONTNEED = 4;
    private static final int O_RDWR = 2;
    private static final int SEEK_HOLE = 4;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final long PAGE = 4096;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_ZERO_RANGE = 0x10;

    private static final Optional<NativeCalls> INSTANCE = load();

    private final Function madvise;
    private final Function open;
    private final Function close;
    private final Function posixFallocate;
    private final Function fallocate;
    private final Function lseek;
    private final Function mmap;
    private final Function munmap;
    private final Function syncFileRange;
    private final StructLayout callState = Linker.Option.captureStateLayout();
    private final VarHandle errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private volatile boolean populateWriteWorks = true;

    private NativeCalls(Linker linker) {
        var captureErrno = Linker.Option.captureCallState("errno");
        madvise = new Function(linker, "madvise", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), captureErrno);
        open = new Function(linker, "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                captureErrno, Linker.Option.firstVariadicArg(2));
        close = new Function(linker, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        posixFallocate = new Function(linker, "posix_fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
        fallocate = new Function(linker, "fallocate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
                captureErrno);
        lseek = new Function(linker, "lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        mmap = new Function(linker, "mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), captureErrno);
        munmap = new Function(linker, "munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        syncFileRange = new Function(linker, "sync_file_range",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    }

    /**
     * A libc function, linked on its first call: each link generates code, several milliseconds of
     * a cold start, and most commands need only a few of these functions.
     */
    private static final class Function {
        private final Linker linker;
        private final String name;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] options;
        private volatile MethodHandle handle;

        Function(Linker linker, String name, FunctionDescriptor descriptor, Linker.Option... options) {
            this.linker = linker;
            this.name = name;
            this.descriptor = descriptor;
            this.options = options;
        }

        @SuppressWarnings("restricted") // only reached when the application enabled native access
        MethodHandle handle() {
            MethodHandle linked = handle;
            if (linked == null) {
                linked = linker.downcallHandle(linker.defaultLookup().findOrThrow(name), descriptor, options);
                handle = linked;
            }
            return linked;
        }
    }

    /** The native calls, or empty when native access is not enabled or the OS is not Linux. */
    static Optional<NativeCalls> get() {
        return INSTANCE;
    }

    private static Optional<NativeCalls> load() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        if (!linux || !NativeCalls.class.getModule().isNativeAccessEnabled()) {
            Log.info(() -> "native calls off (enable with --enable-native-access); using pure-Java fallbacks");
            return Optional.empty();
        }
        try {
            return Optional.of(new NativeCalls(Linker.nativeLinker()));
        } catch (RuntimeException unavailable) {
            Log.warning(() -> "native calls unavailable, using pure-Java fallbacks: " + unavailable);
            return Optional.empty();
        }
    }

    /**
     * Drops the process's page-table entries for {@code pages}, a page-aligned part of a shared file
     * mapping: the data stays in the page cache, dirty or not. Passed as a segment, not an address,
     * so that its mapping cannot be closed while the call runs.
     */
    void dontNeed(MemorySegment pages) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int result = (int) madvise.handle().invokeExact(state, pages, pages.byteSize(), MADV_DONTNEED);
            if (result != 0) {
                int error = (int) errno.get(state, 0L);
                Log.debug(() -> "madvise(MADV_DONTNEED) failed with errno " + error);
            }
        } catch (Throwable unexpected) {
            throw new IllegalStateException("madvise failed unexpectedly", unexpected);
        }
    }

    /** Pre-faults {@code mapped} for writing; false if the kernel does not support it. */
    boolean populateWrite(MemorySegment mapped) {
        if (!populateWriteWorks || mapped.byteSize() == 0) {
            return false;
        }
        long start = mapped.address() & -PAGE;
        long length = mapped.address() + mapped.byteSize() - start;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int result = (int) madvise.handle().invokeExact(state, MemorySegment.ofAddress(start), length, MADV_POPULATE_WRITE);
            if (result != 0) {
                int error = (int) errno.get(state, 0L);
                populateWriteWorks = false;
                Log.info(() -> "madvise(MADV_POPULATE_WRITE) failed with errno " + error + "; not pre-faulting");
                return false;
            }
            return true;
        } catch (Throwable unexpected) {
            throw new IllegalStateException("madvise failed unexpectedly", unexpected);
        }
    }

    /**
     * Allocates the blocks of the holes of the first {@code length} bytes of {@code file}, if it has
     * any (found with {@code SEEK_HOLE}, which costs no pass over the data). Returns 0 on success or
     * the errno value.
     */
    int allocateHoles(Path file, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int fd = (int) open.handle().invokeExact(state, arena.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC, 0);
            if (fd < 0) {
                return (int) errno.get(state, 0L);
            }
            try {
                long firstHole = (long) lseek.handle().invokeExact(fd, 0L, SEEK_HOLE);
                if (firstHole < 0 || firstHole >= length) {
                    return 0;
                }
                Log.info(() -> file + " is sparse (a hole at " + firstHole + "); allocating its holes");
                return (int) posixFallocate.handle().invokeExact(fd, 0L, length);
            } finally {
                close(fd);
            }
        } catch (Throwable unexpected) {
            throw new IllegalStateException("allocating the holes of " + file + " failed unexpectedly", unexpected);
        }
    }

    /**
     * Allocates the blocks of {@code [offset, offset + length)} of {@code file}. Returns 0 on success
     * or the errno value.
     */
    int fallocate(Path file, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int fd = (int) open.handle().invokeExact(state, arena.allocateFrom(file.toString()), O_WRONLY | O_CLOEXEC, 0);
            if (fd < 0) {
                return (int) errno.get(state, 0L);
            }
            try {
                return (int) posixFallocate.handle().invokeExact(fd, offset, length);
            } finally {
                close(fd);
            }
        } catch (Throwable unexpected) {
            throw new IllegalStateException("posix_fallocate failed unexpectedly", unexpected);
        }
    }

    /**
     * Makes {@code [offset, offset + length)} of the file open as {@code fd} read as zeros: file
     * systems with extents mark the range unwritten and drop its cached pages instead of writing
     * zeros. Not durable until the file is flushed. Returns 0 on success or the errno value.
     */
    int zeroRange(int fd, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int result = (int) fallocate.handle().invokeExact(state, fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, offset, length);
            return result == 0 ? 0 : (int) errno.get(state, 0L);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("fallocate failed unexpectedly", unexpected);
        }
    }

    /** A descriptor of {@code file} opened for writing (never through a symbolic link), or -1. */
    int openForWriting(Path file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            return Math.max(-1, (int) open.handle().invokeExact(state, arena.allocateFrom(file.toString()),
                    O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0));
        } catch (Throwable unexpected) {
            throw new IllegalStateException("open failed unexpectedly", unexpected);
        }
    }

    /** Closes a descriptor this class opened. */
    void close(int fd) {
        try {
            int ignored = (int) close.handle().invokeExact(fd);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("close failed unexpectedly", unexpected);
        }
    }

    /**
     * Starts writing the dirty pages of {@code [offset, offset + length)} of the file to disk, and
     * returns without waiting for them. Durability still comes from a flush; this only lets the disk
     * work while the caller goes on copying. Returns false if the kernel refused.
     */
    boolean startWriteBack(int fd, long offset, long length) {
        try {
            return (int) syncFileRange.handle().invokeExact(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0;
        } catch (Throwable unexpected) {
            throw new IllegalStateException("sync_file_range failed unexpectedly", unexpected);
        }
    }

    /**
     * {@code bytes} of private anonymous memory, advised to use transparent huge pages, unmapped when
     * the returned segment becomes unreachable; empty if the kernel refuses the mapping. The kernel
     * zeroes each page when it is first touched, so, unlike a JDK allocation, nothing is written
     * before the caller writes its results: NumPy's large arrays are allocated the same way.
     */
    @SuppressWarnings("restricted") // only reached when the application enabled native access
    Optional<MemorySegment> mapAnonymous(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            MemorySegment start = (MemorySegment) mmap.handle().invokeExact(state, MemorySegment.NULL, bytes, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (start.address() == -1L) {
                int error = (int) errno.get(state, 0L);
                Log.debug(() -> "mmap of " + bytes + " anonymous bytes failed with errno " + error);
                return Optional.empty();
            }
            // Huge pages are advice: without them the memory is still there, in 4 KiB pages.
            int ignored = (int) madvise.handle().invokeExact(state, start, bytes, MADV_HUGEPAGE);
            long address = start.address();
            return Optional.of(start.reinterpret(bytes, Arena.ofAuto(), unreachable -> unmap(address, bytes)));
        } catch (Throwable unexpected) {
            throw new IllegalStateException("mmap failed unexpectedly", unexpected);
        }
    }

    private void unmap(long address, long bytes) {
        try {
            int ignored = (int) munmap.handle().invokeExact(MemorySegment.ofAddress(address), bytes);
        } catch (Throwable unexpected) {
            throw new IllegalStateException("munmap failed unexpectedly", unexpected);
        }
    }
}
