package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;

import static io.jpmm.internal.store.Layout.SLOT_SIZE;

/**
 * Encodes and decodes one superblock slot (docs/format.md, "Superblock"), in the current format
 * version and the older ones it reads. The CRC32C in the slot's last four bytes covers everything
 * before it, so a torn or flipped slot is never trusted.
 */
final class SuperblockCodec {
    static final int CRC_OFFSET = SLOT_SIZE - 4;
    static final int VERSION_1_REGIONS = 88;
    static final int REGIONS_OFFSET = 96;
    static final int MAX_REGIONS = (CRC_OFFSET - REGIONS_OFFSET) / 16;

    /** What a slot holds. */
    sealed interface Slot {
        record Valid(Superblock superblock) implements Slot {
        }

        /** All zeros: never written. */
        record Empty() implements Slot {
        }

        record Damaged(String reason) implements Slot {
        }

        /** Intact, but written by a newer format. */
        record Newer(int version) implements Slot {
        }
    }

    private SuperblockCodec() {
    }

    /** The slot bytes of {@code superblock}, which must be of the current format version. */
    static byte[] encode(Superblock superblock) {
        if (superblock.version() != Layout.FORMAT_VERSION) {
            throw new IllegalArgumentException("superblocks are written in format version " + Layout.FORMAT_VERSION);
        }
        if (superblock.regions().size() > MAX_REGIONS) {
            throw new IllegalArgumentException("a shelf has at most " + MAX_REGIONS + " regions");
        }
        ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        slot.putLong(0, Layout.MAGIC)
                .putInt(8, Layout.FORMAT_VERSION)
                .putInt(12, SLOT_SIZE)
                .putLong(16, superblock.uuid().getMostSignificantBits())
                .putLong(24, superblock.uuid().getLeastSignificantBits())
                .putLong(32, superblock.generation())
                .putLong(40, superblock.fileLength())
                .putLong(48, superblock.logPair().offset())
                .putLong(56, superblock.logPair().length())
                .putLong(64, superblock.startSequence())
                .putInt(72, superblock.activeHalf())
                .putInt(76, superblock.regions().size())
                .putInt(80, superblock.frameAlignment())
                .putInt(84, superblock.allocationUnit())
                .putLong(88, superblock.logNonce());
        int position = REGIONS_OFFSET;
        for (Extent region : superblock.regions()) {
            slot.putLong(position, region.offset()).putLong(position + 8, region.length());
            position += 16;
        }
        slot.putInt(CRC_OFFSET, crc(slot.array()));
        return slot.array();
    }

    static Slot decode(MemorySegment slotBytes) {
        ByteBuffer slot = ByteBuffer.wrap(slotBytes.toArray(ValueLayout.JAVA_BYTE)).order(ByteOrder.LITTLE_ENDIAN);
        if (isAllZero(slot.array())) {
            return new Slot.Empty();
        }
        if (slot.getLong(0) != Layout.MAGIC) {
            return new Slot.Damaged("no jpmm magic bytes (\"JPMMSHLF\")");
        }
        if (slot.getInt(CRC_OFFSET) != crc(slot.array())) {
            return new Slot.Damaged("checksum mismatch");
        }
        int version = slot.getInt(8);
        if (version > Layout.FORMAT_VERSION) {
            return new Slot.Newer(version);
        }
        if (version < Layout.OLDEST_READABLE_VERSION) {
            return new Slot.Damaged("unknown format version " + version);
        }
        try {
            return new Slot.Valid(parse(slot, version));
        } catch (IllegalArgumentException inconsistent) {
            return new Slot.Damaged(inconsistent.getMessage());
        }
    }

    private static Superblock parse(ByteBuffer slot, int version) {
        if (slot.getInt(12) != SLOT_SIZE) {
            throw new IllegalArgumentException("slot size " + slot.getInt(12) + ", expected " + SLOT_SIZE);
        }
        int activeHalf = slot.getInt(72);
        int regionCount = slot.getInt(76);
        int regionsOffset = version == 1 ? VERSION_1_REGIONS : REGIONS_OFFSET;
        int maxRegions = (CRC_OFFSET - regionsOffset) / 16;
        if (activeHalf != 0 && activeHalf != 1) {
            throw new IllegalArgumentException("active log half " + activeHalf + ", expected 0 or 1");
        }
        if (regionCount < 1 || regionCount > maxRegions) {
            throw new IllegalArgumentException("region count " + regionCount + ", expected 1.." + maxRegions);
        }
        List<Extent> regions = new ArrayList<>(regionCount);
        for (int i = 0; i < regionCount; i++) {
            regions.add(new Extent(slot.getLong(regionsOffset + 16 * i), slot.getLong(regionsOffset + 16 * i + 8)));
        }
        int frameAlignment = slot.getInt(80);
        checkUnit("frame alignment", frameAlignment);
        // Version 1 kept bytes 84..87 zero and allocated at the frame alignment of the log's first half.
        int allocationUnit = version == 1 ? frameAlignment : slot.getInt(84);
        if (version == 1 && slot.getInt(84) != 0) {
            throw new IllegalArgumentException("reserved bytes 84..87 are not zero");
        }
        checkUnit("allocation unit", allocationUnit);
        long nonce = version == 1 ? 0 : slot.getLong(88);
        var superblock = new Superblock(version, new UUID(slot.getLong(16), slot.getLong(24)), slot.getLong(32),
                slot.getLong(40), new Extent(slot.getLong(48), slot.getLong(56)), activeHalf, slot.getLong(64),
                frameAlignment, nonce, allocationUnit, regions);
        checkGeometry(superblock);
        return superblock;
    }

    private static void checkUnit(String what, int unit) {
        if (Integer.bitCount(unit) != 1 || unit < RecordCodec.FRAME_ALIGNMENT || unit > Layout.MIN_LOG_HALF / 4) {
            throw new IllegalArgumentException(what + " " + unit + " is not a power of two from "
                    + RecordCodec.FRAME_ALIGNMENT + " to " + Layout.MIN_LOG_HALF / 4);
        }
    }

    /** Regions ascend, do not overlap, lie inside the file; the log pair lies inside one region. */
    private static void checkGeometry(Superblock superblock) {
        long previousEnd = Layout.DATA_START;
        for (Extent region : superblock.regions()) {
            if (region.offset() < previousEnd || region.end() > superblock.fileLength()) {
                throw new IllegalArgumentException("region " + region + " overlaps or lies outside the "
                        + superblock.fileLength() + "-byte file");
            }
            previousEnd = region.end();
        }
        Extent pair = superblock.logPair();
        if (pair.length() < 2 * Layout.MIN_LOG_HALF || pair.length() % (2L * superblock.frameAlignment()) != 0
                || superblock.regions().stream().noneMatch(region -> region.contains(pair))) {
            throw new IllegalArgumentException("log pair " + pair + " is not a valid range inside a region");
        }
    }

    private static int crc(byte[] slot) {
        CRC32C crc = new CRC32C();
        crc.update(slot, 0, CRC_OFFSET);
        return (int) crc.getValue();
    }

    private static boolean isAllZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
