package io.jpmm.internal.store;

import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static io.jpmm.internal.store.Layout.SLOT_COUNT;
import static io.jpmm.internal.store.Layout.SLOT_SIZE;

/**
 * The two superblock slots. A new superblock goes to the slot the current one is not in, so a torn
 * write leaves the previous superblock intact (the LMDB meta-page scheme).
 */
final class Superblocks {
    private final MediumFile file;
    private final MemorySegment slots;
    private Superblock current;

    private Superblocks(MediumFile file, MemorySegment slots, Superblock current) {
        this.file = file;
        this.slots = slots;
        this.current = current;
    }

    /** Writes the first superblock of a new shelf. */
    static Superblocks initialize(MediumFile file, Arena arena, Superblock first) throws IOException {
        var superblocks = new Superblocks(file, file.map(0, Layout.DATA_START, arena), null);
        superblocks.write(first);
        return superblocks;
    }

    /** Maps the two slots at the start of {@code file}, for {@link #load} to read as often as needed. */
    static MemorySegment map(MediumFile file, Arena arena) throws IOException {
        if (file.length() < Layout.DATA_START) {
            throw StoreException.corrupted(file.path(), file.length(), "the file is " + file.length()
                    + " bytes, shorter than the " + Layout.DATA_START + "-byte header of a jpmm shelf");
        }
        return file.map(0, Layout.DATA_START, arena);
    }

    /** The mapped slots. */
    MemorySegment slots() {
        return slots;
    }

    /**
     * Reads both slots and picks the valid one with the higher generation.
     *
     * @throws StoreException if neither slot is valid, or a slot was written by a newer format
     */
    static Superblocks load(MediumFile file, MemorySegment slots) {
        List<SuperblockCodec.Slot> read = readSlots(slots);
        for (var slot : read) {
            if (slot instanceof SuperblockCodec.Slot.Newer(int version)) {
                throw StoreException.newerFormat(file.path(), version);
            }
        }
        Superblock best = null;
        for (var slot : read) {
            if (slot instanceof SuperblockCodec.Slot.Valid(Superblock superblock)) {
                if (best == null || superblock.generation() > best.generation()) {
                    best = superblock;
                }
            }
        }
        if (best == null) {
            throw StoreException.corrupted(file.path(), 0, "no valid superblock (slot 0: " + describe(read.get(0))
                    + "; slot 1: " + describe(read.get(1)) + ")");
        }
        return new Superblocks(file, slots, best);
    }

    /** Both slots as they are in the file now. */
    List<SuperblockCodec.Slot> readSlots() {
        return readSlots(slots);
    }

    private static List<SuperblockCodec.Slot> readSlots(MemorySegment slots) {
        List<SuperblockCodec.Slot> read = new ArrayList<>();
        for (int slot = 0; slot < SLOT_COUNT; slot++) {
            read.add(SuperblockCodec.decode(slots.asSlice((long) slot * SLOT_SIZE, SLOT_SIZE)));
        }
        return read;
    }

    /**
     * The highest generation of a valid slot in the file now: more than {@link #current()}'s once a
     * writer in another process has written a superblock since this one was read.
     */
    long latestGeneration() {
        return readSlots().stream().filter(slot -> slot instanceof SuperblockCodec.Slot.Valid)
                .mapToLong(slot -> ((SuperblockCodec.Slot.Valid) slot).superblock().generation())
                .max().orElse(-1);
    }

    /** Whether the slot not holding the current superblock is damaged (an interrupted write, usually). */
    boolean spareDamaged() {
        int spare = (int) ((current.generation() + 1) % SLOT_COUNT);
        return readSlots().get(spare) instanceof SuperblockCodec.Slot.Damaged;
    }

    Superblock current() {
        return current;
    }

    /** Writes {@code next} to the slot not holding the current superblock and makes it durable. */
    void write(Superblock next) throws IOException {
        MemorySegment slot = slots.asSlice((next.generation() % SLOT_COUNT) * SLOT_SIZE, SLOT_SIZE);
        slot.copyFrom(MemorySegment.ofArray(SuperblockCodec.encode(next)));
        file.persist(slot);
        current = next;
    }

    private static String describe(SuperblockCodec.Slot slot) {
        return switch (slot) {
            case SuperblockCodec.Slot.Empty() -> "never written";
            case SuperblockCodec.Slot.Damaged(String reason) -> reason;
            case SuperblockCodec.Slot.Valid(Superblock superblock) -> "valid";
            case SuperblockCodec.Slot.Newer(int version) -> "format version " + version;
        };
    }
}
