package io.jpmm.testkit;

import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import io.jpmm.internal.medium.SyncMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A medium that makes the process die on the spot, as SIGKILL would, at one chosen step: every call
 * that creates, renames or deletes a file, syncs a directory, grows a file or persists a range is
 * two steps (just before it and just after it), numbered from 1 in the order the store makes them.
 * Child JVMs run it to prove that recovery copes with a crash at every step of the commit protocol;
 * the library itself has no crash hooks.
 */
public final class CrashingMedium implements Medium {
    /** The exit status of a process that died at its crash step. */
    public static final int EXIT_CODE = 86;
    /** The system property a child reads its crash step from; unset, it never crashes. */
    public static final String PROPERTY = "jpmm.test.crashAt";

    private final Medium real = Medium.system();
    private final int crashAt;
    private final AtomicInteger steps = new AtomicInteger();

    public CrashingMedium(int crashAt) {
        this.crashAt = crashAt;
    }

    /** The medium for this process: crashing at the step {@value #PROPERTY} names, if it names one. */
    public static CrashingMedium fromProperty() {
        return new CrashingMedium(Integer.getInteger(PROPERTY, -1));
    }

    /** How many steps have been taken: run once without a crash to learn how many a workload has. */
    public int steps() {
        return steps.get();
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T step(Step<T> call) throws IOException {
        dieAt(steps.incrementAndGet());
        T result = call.run();
        dieAt(steps.incrementAndGet());
        return result;
    }

    private void dieAt(int step) {
        if (step == crashAt) {
            System.out.flush();
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    @Override
    public MediumFile create(Path file, long length) throws IOException {
        return new CrashingFile(step(() -> real.create(file, length)));
    }

    @Override
    public MediumFile open(Path file, boolean readOnly) throws IOException {
        return new CrashingFile(real.open(file, readOnly));
    }

    @Override
    public void rename(Path source, Path target) throws IOException {
        step(() -> {
            real.rename(source, target);
            return null;
        });
    }

    @Override
    public void deleteIfExists(Path file) throws IOException {
        step(() -> {
            real.deleteIfExists(file);
            return null;
        });
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        step(() -> {
            real.syncDirectory(directory);
            return null;
        });
    }

    /** A real file whose persists and growth are crash steps. */
    private final class CrashingFile implements MediumFile {
        private final MediumFile file;

        CrashingFile(MediumFile file) {
            this.file = file;
        }

        @Override
        public Path path() {
            return file.path();
        }

        @Override
        public long length() {
            return file.length();
        }

        @Override
        public SyncMode mode() {
            return file.mode();
        }

        @Override
        public boolean readOnly() {
            return file.readOnly();
        }

        @Override
        public int writeUnit() {
            return file.writeUnit();
        }

        @Override
        public MemorySegment map(long offset, long length, Arena arena) throws IOException {
            return file.map(offset, length, arena);
        }

        @Override
        public void persist(MemorySegment mapped) throws IOException {
            step(() -> {
                file.persist(mapped);
                return null;
            });
        }

        @Override
        public void writeFrom(java.nio.channels.ReadableByteChannel source, long offset, long count,
                              java.util.function.LongConsumer progress) throws IOException {
            step(() -> {
                file.writeFrom(source, offset, count, progress);
                return null;
            });
        }

        @Override
        public boolean zero(long offset, long length) throws IOException {
            return step(() -> file.zero(offset, length));
        }

        @Override
        public void prefault(MemorySegment mapped) {
            file.prefault(mapped);
        }

        @Override
        public void allocateHoles() throws IOException {
            file.allocateHoles();
        }

        @Override
        public void grow(long from, long to) throws IOException {
            step(() -> {
                file.grow(from, to);
                return null;
            });
        }

        @Override
        public void truncate(long newLength) throws IOException {
            step(() -> {
                file.truncate(newLength);
                return null;
            });
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
