package io.jpmm.numpy;

/** Told how far a long copy has come, from the copying thread. */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (done, total) -> { };

    void advanced(long bytesDone, long bytesTotal);
}
