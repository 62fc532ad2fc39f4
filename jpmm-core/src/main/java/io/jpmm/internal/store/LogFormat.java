package io.jpmm.internal.store;

/**
 * How the frames of one log pair are laid out: the format version and, from version 2 on, the
 * pair's nonce, which every frame carries and which recovery requires (docs/format.md, "Commit log").
 */
record LogFormat(int version, long nonce) {

    /** The bytes before a frame's payload. */
    int headerBytes() {
        return version == 1 ? 24 : 32;
    }

    /** Whether frames of this format carry the nonce. */
    boolean bindsFrames() {
        return version >= 2;
    }
}
