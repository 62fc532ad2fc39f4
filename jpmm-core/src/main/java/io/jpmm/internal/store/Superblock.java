package io.jpmm.internal.store;

import java.util.List;
import java.util.UUID;

/**
 * The root of a shelf file, kept in two slots at the start of the file; the valid one with the
 * higher generation is current. It says where the commit log is and which parts of the file hold
 * variables.
 *
 * @param version        the format version the slot was written in; a writer writes only the current one
 * @param uuid           identifies the shelf
 * @param generation     incremented on every superblock write
 * @param fileLength     the file must be at least this long
 * @param logPair        the two log halves, each {@code logPair.length() / 2} bytes
 * @param activeHalf     0 or 1: the half whose first record is the current checkpoint
 * @param startSequence  the sequence number of that checkpoint
 * @param frameAlignment frames in the active half start at multiples of this, the medium's write unit
 * @param logNonce       a random number every frame of this log pair carries (0 in version 1, whose
 *                       frames carry none): bytes that look like frames but were not written into
 *                       this pair are never taken for commits
 * @param allocationUnit extents start at multiples of this and take whole units of it
 * @param regions        the byte ranges available to variables and the log, in file order
 */
record Superblock(int version, UUID uuid, long generation, long fileLength, Extent logPair, int activeHalf,
                  long startSequence, int frameAlignment, long logNonce, int allocationUnit, List<Extent> regions) {

    Superblock {
        regions = List.copyOf(regions);
    }

    long halfCapacity() {
        return logPair.length() / 2;
    }

    long halfOffset(int half) {
        return logPair.offset() + half * halfCapacity();
    }

    /** How the frames of the log this superblock names are written. */
    LogFormat logFormat() {
        return new LogFormat(version, logNonce);
    }

    /** The next superblock, in the current format version, with other regions and file length. */
    Superblock withRegions(List<Extent> newRegions, long newFileLength) {
        return new Superblock(Layout.FORMAT_VERSION, uuid, generation + 1, newFileLength, logPair, activeHalf,
                startSequence, frameAlignment, logNonce, allocationUnit, newRegions);
    }

    /** The next superblock, in the current format version, naming another log state. */
    Superblock next(Extent newLogPair, int newActiveHalf, long newStartSequence, int newFrameAlignment, long newNonce) {
        return new Superblock(Layout.FORMAT_VERSION, uuid, generation + 1, fileLength, newLogPair, newActiveHalf,
                newStartSequence, newFrameAlignment, newNonce, allocationUnit, regions);
    }
}
