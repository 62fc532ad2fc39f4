package io.jpmm.testkit;

import io.jpmm.internal.medium.SyncMode;
import io.jpmm.internal.medium.Medium;
import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A medium over real files that also keeps what would survive a power loss: a shadow "durable
 * image" of every file, changed only by {@link MediumFile#persist} (and creation and growth, which
 * are durable by contract), and a durable view of each directory, changed only by
 * {@link #syncDirectory}. At any moment it can build crash images from that state, optionally mixed
 * with writes that were not yet flushed but might have reached the medium anyway.
 *
 * <p>It also injects failures: of the n-th persist, of every persist from the n-th on, of file
 * creation and of directory syncs. Each persist first calls the {@link #onPersist listener}, which
 * may build images or throw {@link SimulatedCrash} to stop the workload there.
 */
public final class SimulatedMedium implements Medium {
    private final Medium real = Medium.system();
    private final Map<Path, Integer> liveEntries = new HashMap<>();
    private final Map<Path, Integer> durableEntries = new HashMap<>();
    private final Map<Integer, byte[]> durableContent = new HashMap<>();
    private final Map<Integer, SimulatedFile> openFiles = new HashMap<>();
    private final List<Path> syncedDirectories = new ArrayList<>();
    private int nextFileId = 1;
    private int persists;
    private PersistListener listener = point -> { };
    private int failPersistAt = -1;
    private boolean failPersistFromThere;
    private boolean failCreate;
    private boolean failDirectorySync;

    /** Thrown by a listener to stop the workload at a persist point, as a power cut would. */
    public static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SimulatedCrash() {
            super("simulated power loss", null, false, false);
        }
    }

    @FunctionalInterface
    public interface PersistListener {
        /** Called before the {@code point}-th persist (counting from 1) takes effect. */
        void beforePersist(int point);
    }

    /** How unflushed writes are mixed into a crash image. */
    public enum Model {
        /** Only what was persisted. */
        FLUSHED_ONLY,
        /** Persistent memory: each unflushed 8-byte word may or may not have reached the medium. */
        PMEM_WORDS,
        /** A disk: each unflushed 4 KiB page may have been written, some only their first sectors, garbage after. */
        DISK_PAGES
    }

    public void onPersist(PersistListener listener) {
        this.listener = listener;
    }

    public int persists() {
        return persists;
    }

    /** Makes the {@code point}-th persist fail, and every later one too if {@code persistent}. */
    public void failPersist(int point, boolean persistent) {
        failPersistAt = point;
        failPersistFromThere = persistent;
    }

    public void failCreate(boolean fail) {
        failCreate = fail;
    }

    public void failDirectorySync(boolean fail) {
        failDirectorySync = fail;
    }

    @Override
    public synchronized MediumFile create(Path file, long length) throws IOException {
        if (failCreate) {
            throw new IOException("simulated: no space left on device creating " + file);
        }
        MediumFile created = real.create(file, length);
        int id = nextFileId++;
        liveEntries.put(file, id);
        durableContent.put(id, new byte[Math.toIntExact(length)]);
        return track(id, created);
    }

    @Override
    public synchronized MediumFile open(Path file, boolean readOnly) throws IOException {
        Integer id = liveEntries.get(file);
        if (id == null) {
            id = nextFileId++;
            liveEntries.put(file, id);
            durableEntries.put(file, id);
            durableContent.put(id, Files.readAllBytes(file));
        }
        return track(id, real.open(file, readOnly));
    }

    private MediumFile track(int id, MediumFile file) {
        var simulated = new SimulatedFile(id, file);
        openFiles.put(id, simulated);
        return simulated;
    }

    @Override
    public synchronized void rename(Path source, Path target) throws IOException {
        real.rename(source, target);
        liveEntries.put(target, liveEntries.remove(source));
    }

    @Override
    public synchronized void deleteIfExists(Path file) throws IOException {
        real.deleteIfExists(file);
        liveEntries.remove(file);
    }

    /** The directories synced so far, in order. */
    public synchronized List<Path> syncedDirectories() {
        return List.copyOf(syncedDirectories);
    }

    @Override
    public synchronized void syncDirectory(Path directory) throws IOException {
        syncedDirectories.add(directory);
        if (failDirectorySync) {
            throw new IOException("simulated: fsync of directory " + directory + " failed");
        }
        durableEntries.keySet().removeIf(path -> directory.equals(path.getParent()));
        liveEntries.forEach((path, id) -> {
            if (directory.equals(path.getParent())) {
                durableEntries.put(path, id);
            }
        });
    }

    /**
     * Writes into {@code target} (a directory) what the files of {@code source} would hold after a
     * power loss now, under {@code model}. Returns how many unflushed words or pages went in.
     */
    public synchronized int writeCrashImage(Path source, Path target, Model model, Random random) throws IOException {
        Files.createDirectories(target);
        int mixedIn = 0;
        for (var entry : durableEntries.entrySet()) {
            if (!source.equals(entry.getKey().getParent())) {
                continue;
            }
            byte[] image = durableContent.get(entry.getValue()).clone();
            Path live = liveEntries.entrySet().stream().filter(e -> e.getValue().equals(entry.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (model != Model.FLUSHED_ONLY && live != null && Files.exists(live)) {
                mixedIn += mixUnflushed(image, Files.readAllBytes(live), model, random);
            }
            Files.write(target.resolve(entry.getKey().getFileName()), image);
        }
        return mixedIn;
    }

    private static int mixUnflushed(byte[] image, byte[] working, Model model, Random random) {
        int unit = model == Model.PMEM_WORDS ? 8 : 4096;
        int mixed = 0;
        for (int start = 0; start < Math.min(image.length, working.length); start += unit) {
            int end = Math.min(start + unit, Math.min(image.length, working.length));
            if (java.util.Arrays.equals(image, start, end, working, start, end) || !random.nextBoolean()) {
                continue;
            }
            mixed++;
            if (model == Model.DISK_PAGES && random.nextInt(4) == 0) {
                int tornAt = start + 512 * (1 + random.nextInt(7));
                System.arraycopy(working, start, image, start, Math.max(0, Math.min(tornAt, end) - start));
                for (int i = tornAt; i < end; i++) {
                    image[i] = (byte) random.nextInt();
                }
            } else {
                System.arraycopy(working, start, image, start, end - start);
            }
        }
        return mixed;
    }

    private synchronized void persisted(int id, long fileOffset, MemorySegment bytes) throws IOException {
        persists++;
        if (persists == failPersistAt || (failPersistFromThere && failPersistAt > 0 && persists > failPersistAt)) {
            throw new IOException("simulated: flush #" + persists + " failed (EIO)");
        }
        listener.beforePersist(persists);
        byte[] durable = durableContent.get(id);
        MemorySegment.copy(bytes, 0, MemorySegment.ofArray(durable), fileOffset, bytes.byteSize());
    }

    /** Growth is durable when it returns: the new range reads as zeros (allocated, never written). */
    private synchronized void grown(int id, long from, long to) {
        byte[] durable = durableContent.get(id);
        byte[] longer = java.util.Arrays.copyOf(durable, Math.toIntExact(Math.max(durable.length, to)));
        java.util.Arrays.fill(longer, Math.toIntExact(Math.min(from, longer.length)), Math.toIntExact(to), (byte) 0);
        durableContent.put(id, longer);
    }

    private synchronized void truncated(int id, long newLength) {
        durableContent.put(id, java.util.Arrays.copyOf(durableContent.get(id), Math.toIntExact(newLength)));
    }

    /** A real file whose persists also update the durable image. */
    private final class SimulatedFile implements MediumFile {
        private record Mapping(MemorySegment segment, long fileOffset) {
        }

        private final int id;
        private final MediumFile file;
        private final List<Mapping> mappings = new ArrayList<>();

        SimulatedFile(int id, MediumFile file) {
            this.id = id;
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
            MemorySegment mapped = file.map(offset, length, arena);
            synchronized (mappings) {
                mappings.removeIf(mapping -> !mapping.segment().scope().isAlive());
                mappings.add(new Mapping(mapped, offset));
            }
            return mapped;
        }

        @Override
        public void persist(MemorySegment range) throws IOException {
            if (readOnly() || range.byteSize() == 0) {
                return;
            }
            persisted(id, fileOffsetOf(range), range);
        }

        private long fileOffsetOf(MemorySegment range) {
            synchronized (mappings) {
                for (Mapping mapping : mappings) {
                    MemorySegment segment = mapping.segment();
                    if (segment.scope().isAlive() && range.address() >= segment.address()
                            && range.address() + range.byteSize() <= segment.address() + segment.byteSize()) {
                        return mapping.fileOffset() + (range.address() - segment.address());
                    }
                }
            }
            throw new IllegalStateException("persist of a range that is not part of a live mapping of " + path());
        }

        @Override
        public void writeFrom(java.nio.channels.ReadableByteChannel source, long offset, long count,
                              java.util.function.LongConsumer progress) throws IOException {
            file.writeFrom(source, offset, count, progress);
            try (Arena arena = Arena.ofConfined()) {
                persisted(id, offset, file.map(offset, count, arena));
            }
        }

        @Override
        public boolean zero(long offset, long length) throws IOException {
            if (!file.zero(offset, length)) {
                return false;
            }
            try (Arena arena = Arena.ofConfined()) {
                persisted(id, offset, file.map(offset, length, arena));
            }
            return true;
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
            file.grow(from, to);
            grown(id, from, to);
        }

        @Override
        public void truncate(long newLength) throws IOException {
            file.truncate(newLength);
            truncated(id, newLength);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
