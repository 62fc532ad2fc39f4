package io.jpmm.internal.store;

/**
 * Named places in the commit protocol where a test can make the process die on the spot, to prove
 * that recovery copes with a crash at each of them. Armed only by the system property
 * {@code jpmm.test.crashAt=POINT} or {@code POINT:n} (die the n-th time POINT is reached); unset,
 * {@link #reach} compares a constant null and costs nothing once compiled.
 */
public enum CrashPoint {
    /** A put's data is in its new extent, not yet persisted. */
    DATA_WRITTEN,
    /** A put's data is persisted; its commit frame is not written. */
    DATA_PERSISTED,
    /** A commit frame is written into the log, not yet persisted. */
    FRAME_WRITTEN,
    /** A commit frame is persisted: the change is committed, the caller not yet told. */
    FRAME_PERSISTED,
    /** A checkpoint is persisted in the inactive log half; no superblock names it yet. */
    CHECKPOINT_PERSISTED,
    /** A new superblock is written into its slot, not yet persisted. */
    SUPERBLOCK_WRITTEN,
    /** A new superblock is persisted. */
    SUPERBLOCK_PERSISTED,
    /** The log moved to a larger pair and the old pair was invalidated, not yet freed. */
    OLD_LOG_INVALIDATED,
    /** A new shelf file is complete under its temporary name. */
    SHELF_FILE_BUILT,
    /** A new shelf file was renamed into place; the directory is not yet synced. */
    SHELF_FILE_RENAMED,
    /** Recovery holds the lock and is about to read the shelf. */
    RECOVERY_STARTED,
    /** Recovery is about to rewrite the superblock: to name a rolled-forward checkpoint, or over a damaged spare slot. */
    RECOVERY_REPAIRING;

    /** The exit status of a process that died at a crash point. */
    public static final int EXIT_CODE = 86;

    private static final String ARMED = System.getProperty("jpmm.test.crashAt");
    private static final CrashPoint ARMED_POINT = ARMED == null ? null : valueOf(ARMED.split(":")[0]);
    private static final int ARMED_OCCURRENCE = ARMED == null || !ARMED.contains(":") ? 1 : Integer.parseInt(ARMED.split(":")[1]);
    private static final java.util.concurrent.atomic.AtomicInteger REACHED = new java.util.concurrent.atomic.AtomicInteger();

    /** Dies here, like a process killed with SIGKILL, if this is the armed point and occurrence. */
    static void reach(CrashPoint point) {
        if (ARMED_POINT == point && REACHED.incrementAndGet() == ARMED_OCCURRENCE) {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
