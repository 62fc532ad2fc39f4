package io.jpmm;

import java.nio.file.Path;
import java.util.Set;

/**
 * Where a shelf's bytes live and how they become durable.
 *
 * @param file       the shelf's data file
 * @param fileSystem the file system type as the OS names it ({@code ext4}, {@code xfs}, {@code tmpfs})
 * @param mode       how writes are made durable
 */
public record MediumInfo(Path file, String fileSystem, PersistMode mode) {
    private static final Set<String> VOLATILE_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");

    /**
     * Whether committed data survives a power loss or reboot. False on RAM-backed file systems such
     * as tmpfs, where it survives only the crash of the process.
     */
    public boolean survivesPowerLoss() {
        return !VOLATILE_FILE_SYSTEMS.contains(fileSystem);
    }

    @Override
    public String toString() {
        String durability = survivesPowerLoss()
                ? ""
                : " — volatile: survives a crash of the process, not of the machine";
        return mode.description() + " on " + fileSystem + " at " + file + durability;
    }
}
