package io.jpmm.internal.store;

import io.jpmm.internal.medium.MediumFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-reads a shelf's metadata from the file and compares it with what the open shelf believes:
 * both superblock slots, every log frame, extents inside the file and apart, free space adding up,
 * and, on request, the data checksums recorded at put time. Runs under the store's lock.
 */
final class IntegrityCheck {
    private final MediumFile file;
    private final boolean writerMayRun;
    private final List<String> problems = new ArrayList<>();

    private IntegrityCheck(MediumFile file, boolean writerMayRun) {
        this.file = file;
        this.writerMayRun = writerMayRun;
    }

    /** Checks the state the store holds, with nobody else writing. */
    static CheckResult run(MediumFile file, Superblocks superblocks, CommitLog log, Catalog catalog,
                           Allocator allocator, long pendingBytes, boolean verifyData) {
        return run(new IntegrityCheck(file, false), superblocks, log, catalog, allocator, pendingBytes, verifyData);
    }

    /**
     * Checks a reader's snapshot while a writer may commit: a superblock or log that has moved on
     * since the snapshot was read is the writer's progress, not a problem.
     */
    static CheckResult runBesideWriter(MediumFile file, Snapshot snapshot, long heldBytes, boolean verifyData) {
        return run(new IntegrityCheck(file, true), snapshot.superblocks(), snapshot.log(), snapshot.catalog(),
                snapshot.allocator(), heldBytes, verifyData);
    }

    private static CheckResult run(IntegrityCheck check, Superblocks superblocks, CommitLog log, Catalog catalog,
                                   Allocator allocator, long pendingBytes, boolean verifyData) {
        MediumFile file = check.file;
        check.superblocks(superblocks);
        check.log(superblocks.current(), log, catalog);
        check.space(superblocks.current(), catalog, allocator, pendingBytes);
        int verified = verifyData ? check.dataChecksums(catalog) : 0;
        return new CheckResult(file.path(), check.problems, catalog.size(), verified, superblocks.current().version());
    }

    private void superblocks(Superblocks superblocks) {
        List<SuperblockCodec.Slot> slots = superblocks.readSlots();
        for (int slot = 0; slot < slots.size(); slot++) {
            if (slots.get(slot) instanceof SuperblockCodec.Slot.Damaged(String reason)) {
                problems.add("superblock slot " + slot + " (offset " + slot * Layout.SLOT_SIZE + ") is damaged: " + reason);
            }
        }
        var current = slots.get((int) (superblocks.current().generation() % Layout.SLOT_COUNT));
        boolean movedOn = writerMayRun && superblocks.latestGeneration() > superblocks.current().generation();
        if (!movedOn && (!(current instanceof SuperblockCodec.Slot.Valid(Superblock onDisk))
                || !onDisk.equals(superblocks.current()))) {
            problems.add("the current superblock on disk differs from the one the shelf was opened with");
        }
        if (file.length() < superblocks.current().fileLength()) {
            problems.add("the file is " + file.length() + " bytes, shorter than the " + superblocks.current().fileLength()
                    + " its superblock records");
        }
    }

    private void log(Superblock superblock, CommitLog log, Catalog catalog) {
        try {
            var replay = CommitLog.reader(file, log.pairSegment(), superblock)
                    .replay(superblock.activeHalf(), superblock.startSequence());
            Catalog reread = replay.catalog();
            boolean movedOn = writerMayRun && replay.lastSequence() > log.lastSequence();
            if (!movedOn && !reread.entries().equals(catalog.entries())) {
                problems.add("the commit log on disk describes " + reread.size() + " variables that differ from the "
                        + catalog.size() + " the shelf holds in memory");
            }
        } catch (StoreException corrupted) {
            problems.add("offset " + corrupted.offset() + ": " + corrupted.getMessage());
        }
    }

    private void space(Superblock superblock, Catalog catalog, Allocator allocator, long pendingBytes) {
        Allocator derived = new Allocator(superblock.regions(), superblock.allocationUnit());
        if (!derived.reserve(superblock.logPair())) {
            problems.add("the commit log " + superblock.logPair() + " lies outside the regions");
        }
        for (CatalogEntry entry : catalog.entries()) {
            if (!derived.reserve(entry.extent())) {
                problems.add("variable \"" + entry.name() + "\" at " + entry.extent()
                        + " overlaps the log or another variable, or lies outside the regions");
            }
        }
        if (derived.capacity() != allocator.capacity() || derived.freeBytes() - pendingBytes != allocator.freeBytes()) {
            problems.add("free space does not add up: the catalog leaves " + derived.freeBytes() + " of "
                    + derived.capacity() + " bytes free, the shelf counts " + allocator.freeBytes() + " of "
                    + allocator.capacity() + " plus " + pendingBytes + " in puts under way");
        }
    }

    private int dataChecksums(Catalog catalog) {
        int verified = 0;
        for (CatalogEntry entry : catalog.entries()) {
            if (entry.dataChecksum() == CatalogEntry.NO_CHECKSUM || entry.extent().length() == 0) {
                continue;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = file.map(entry.extent().offset(), entry.extent().length(), arena);
                long actual = Checksums.crc32c(data);
                if (actual != entry.dataChecksum()) {
                    problems.add("variable \"" + entry.name() + "\" at " + entry.extent() + ": data checksum "
                            + Long.toHexString(actual) + ", recorded " + Long.toHexString(entry.dataChecksum()));
                } else {
                    verified++;
                }
            } catch (IOException unreadable) {
                problems.add("variable \"" + entry.name() + "\" at " + entry.extent() + " cannot be read: " + unreadable);
            }
        }
        return verified;
    }
}
