package io.jpmm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where shelves go when no directory is given, needing no setup: {@code JPMM_PATH} if set, else
 * the {@code jpmm.path} system property, else a writable DAX-mounted file system (persistent
 * memory, found in {@code /proc/mounts}), else {@code $XDG_DATA_HOME/jpmm} or
 * {@code ~/.local/share/jpmm}.
 */
final class DefaultDirectory {

    private DefaultDirectory() {
    }

    static Path resolve() {
        return fromSetting(System.getenv("JPMM_PATH"))
                .or(() -> fromSetting(System.getProperty("jpmm.path")))
                .or(DefaultDirectory::daxMount)
                .orElseGet(DefaultDirectory::userDataDirectory);
    }

    private static Optional<Path> fromSetting(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    private static Optional<Path> daxMount() {
        try {
            return daxMounts(Files.readAllLines(Path.of("/proc/mounts"))).stream()
                    .filter(Files::isWritable)
                    .findFirst()
                    .map(mount -> mount.resolve("jpmm"));
        } catch (IOException | RuntimeException noProcMounts) {
            return Optional.empty();
        }
    }

    /** Mount points whose options include {@code dax} or {@code dax=always}. */
    static List<Path> daxMounts(List<String> procMounts) {
        return procMounts.stream()
                .map(line -> line.split(" "))
                .filter(fields -> fields.length >= 4)
                .filter(fields -> List.of(fields[3].split(",")).stream().anyMatch(o -> o.equals("dax") || o.equals("dax=always")))
                .flatMap(fields -> toPath(unescape(fields[1])).stream())
                .toList();
    }

    private static Optional<Path> toPath(String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException invalid) {
            return Optional.empty();
        }
    }

    /** /proc/mounts writes space, tab, newline and backslash in octal ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static Path userDataDirectory() {
        Path base = fromSetting(System.getenv("XDG_DATA_HOME"))
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".local", "share"));
        return base.resolve("jpmm");
    }
}
