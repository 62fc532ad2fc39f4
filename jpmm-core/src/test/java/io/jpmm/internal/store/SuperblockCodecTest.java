package io.jpmm.internal.store;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SuperblockCodecTest {
    private static final Superblock SUPERBLOCK = new Superblock(Layout.FORMAT_VERSION, new UUID(1, 2), 5, 1 << 24,
            new Extent(8192, 1 << 17), 1, 99, 4096, 0x5EED_0F_7415_0A1EL, 4096,
            List.of(new Extent(8192, (1 << 23) - 8192), new Extent(1 << 23, 1 << 23)));

    @Test
    void roundTrips() {
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(SuperblockCodec.encode(SUPERBLOCK))))
                .isEqualTo(new SuperblockCodec.Slot.Valid(SUPERBLOCK));
    }

    @Test
    void everyFlippedByteIsDetected() {
        byte[] slot = SuperblockCodec.encode(SUPERBLOCK);
        for (int position = 0; position < slot.length; position++) {
            byte[] damaged = slot.clone();
            damaged[position] ^= 0x10;
            assertThat(SuperblockCodec.decode(MemorySegment.ofArray(damaged))).as("byte %d", position)
                    .isInstanceOf(SuperblockCodec.Slot.Damaged.class);
        }
    }

    @Test
    void anAllZeroSlotIsEmptyAndANewerVersionIsRecognised() {
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(new byte[Layout.SLOT_SIZE])))
                .isInstanceOf(SuperblockCodec.Slot.Empty.class);
        int newerVersion = Layout.FORMAT_VERSION + 1;
        byte[] newer = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> slot.putInt(8, newerVersion));
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(newer))).isEqualTo(new SuperblockCodec.Slot.Newer(newerVersion));
    }

    @Test
    void aChecksummedSuperblockWithImpossibleGeometryIsDamaged() {
        byte[] regionPastEnd = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> slot.putLong(40, 1 << 20));
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(regionPastEnd)))
                .isInstanceOfSatisfying(SuperblockCodec.Slot.Damaged.class,
                        damaged -> assertThat(damaged.reason()).contains("outside"));
        byte[] badHalf = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> slot.putInt(72, 2));
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(badHalf))).isInstanceOf(SuperblockCodec.Slot.Damaged.class);
        byte[] logOutside = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> slot.putLong(48, 0));
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(logOutside))).isInstanceOf(SuperblockCodec.Slot.Damaged.class);
        byte[] oddAlignment = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> slot.putInt(80, 100));
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(oddAlignment))).isInstanceOf(SuperblockCodec.Slot.Damaged.class);
    }

    @Test
    void versionOneSlotsAreReadWithoutNonceAndWithTheFrameAlignmentAsAllocationUnit() {
        byte[] versionOne = reseal(SuperblockCodec.encode(SUPERBLOCK), slot -> {
            slot.putInt(8, 1).putInt(84, 0).putLong(88, 0);
            for (int i = 0; i < 2; i++) {
                slot.putLong(88 + 16 * i, SUPERBLOCK.regions().get(i).offset())
                        .putLong(96 + 16 * i, SUPERBLOCK.regions().get(i).length());
            }
            slot.putLong(120, 0);
        });
        var expected = new Superblock(1, SUPERBLOCK.uuid(), 5, 1 << 24, SUPERBLOCK.logPair(), 1, 99, 4096, 0, 4096,
                SUPERBLOCK.regions());
        assertThat(SuperblockCodec.decode(MemorySegment.ofArray(versionOne))).isEqualTo(new SuperblockCodec.Slot.Valid(expected));
        assertThat(expected.logFormat().bindsFrames()).isFalse();
    }

    private static byte[] reseal(byte[] slot, java.util.function.Consumer<ByteBuffer> change) {
        ByteBuffer buffer = ByteBuffer.wrap(slot).order(ByteOrder.LITTLE_ENDIAN);
        change.accept(buffer);
        CRC32C crc = new CRC32C();
        crc.update(slot, 0, SuperblockCodec.CRC_OFFSET);
        buffer.putInt(SuperblockCodec.CRC_OFFSET, (int) crc.getValue());
        return slot;
    }
}
