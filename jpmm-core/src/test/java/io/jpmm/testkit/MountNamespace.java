package io.jpmm.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a child JVM in a private mount namespace ({@code unshare --mount}), with a small tmpfs or a
 * read-only bind mount that only it sees: the way tests fill a disk or make media read-only without
 * touching the machine. Needs root (CI runs as root) or unprivileged user namespaces, which
 * {@code --map-root-user} then uses.
 */
public final class MountNamespace {

    private MountNamespace() {
    }

    /** Runs {@code main} with a tmpfs of {@code bytes} mounted on {@code mountPoint}. */
    public static ChildJvm.Result onTmpfs(Path mountPoint, long bytes, Duration timeout, Class<?> main, String... args) {
        return run("mount -t tmpfs -o size=" + bytes + " tmpfs " + quoted(mountPoint), mountPoint, timeout, main, args);
    }

    /** Runs {@code main} with {@code source} visible, read-only, on {@code mountPoint}. */
    public static ChildJvm.Result readOnly(Path source, Path mountPoint, Duration timeout, Class<?> main, String... args) {
        return run("mount --bind " + quoted(source) + " " + quoted(mountPoint) + " && mount -o remount,bind,ro "
                + quoted(mountPoint), mountPoint, timeout, main, args);
    }

    /** Runs {@code main} with {@code source} visible, writable, on {@code mountPoint} too. */
    public static ChildJvm.Result bind(Path source, Path mountPoint, Duration timeout, Class<?> main, String... args) {
        return run("mount --bind " + quoted(source) + " " + quoted(mountPoint), mountPoint, timeout, main, args);
    }

    private static ChildJvm.Result run(String mount, Path mountPoint, Duration timeout, Class<?> main, String... args) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
        if (!"root".equals(System.getProperty("user.name"))) {
            command.add("--map-root-user");
        }
        command.addAll(List.of("sh", "-c", mount + " && exec \"$@\"", "sh"));
        command.addAll(ChildJvm.command(List.of(), main, args));
        return ChildJvm.run(timeout, command);
    }

    private static String quoted(Path path) {
        return "'" + path.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    }
}
