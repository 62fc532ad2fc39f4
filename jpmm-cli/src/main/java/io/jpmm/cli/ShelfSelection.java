package io.jpmm.cli;

import io.jpmm.NoSuchShelfException;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every shelf command takes: which shelf, where, and whether to show stack traces.
 * They belong to the top command and are inherited by every subcommand, so they may come before
 * the command ({@code jpmm -s lab ls}), as users of git and kubectl expect, or after it.
 */
final class ShelfSelection {
    /** Shelf names become file names; the same rule as the library's. */
    private static final java.util.regex.Pattern SHELF_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    @Option(names = {"-s", "--shelf"}, paramLabel = "SHELF", scope = ScopeType.INHERIT,
            description = "the shelf to use (default: $JPMM_SHELF, else 'default')")
    String shelf;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the directory of shelves (default: $JPMM_PATH, else a DAX mount, else ~/.local/share/jpmm)")
    Path directory;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print stack traces of errors")
    boolean debug;

    /** The shelf named with -s, else $JPMM_SHELF, else {@code fallback}; bad names are usage errors. */
    String shelfName(CommandLine command, String fallback) {
        String environment = System.getenv("JPMM_SHELF");
        String name = shelf != null ? shelf : environment != null && !environment.isBlank() ? environment : fallback;
        if (!SHELF_NAME.matcher(name).matches()) {
            throw new CommandLine.ParameterException(command, "invalid shelf name '" + name + "': use 1 to 100 letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    Path directory() {
        return directory != null ? directory : ShelfOptions.defaultDirectory();
    }

    ShelfOptions options() {
        return ShelfOptions.at(directory());
    }

    /** The shelf a command works on: the selection made for {@code command}. */
    Selected select(CommandLine command) {
        return new Selected(shelfName(command, "default"));
    }

    /** One resolved choice of shelf. */
    final class Selected {
        private final String name;

        private Selected(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        boolean exists() {
            return Files.exists(directory().resolve(name + ".jpmm"));
        }

        /** Opens the shelf read-only; it must exist. */
        Shelf openReadOnly() {
            requireExists();
            return Shelf.open(name, options().readOnly());
        }

        /** Opens the shelf for writing; it must exist. */
        Shelf openExisting() {
            requireExists();
            return Shelf.open(name, options());
        }

        /** Opens the shelf for writing, creating it with {@code sizeBytes} if it does not exist. */
        Shelf openWritable(long sizeBytes) {
            return Shelf.open(name, options().sizeBytes(sizeBytes));
        }

        private void requireExists() {
            if (!exists()) {
                throw new NoSuchShelfException("no shelf '" + name + "' in " + directory() + existingShelves());
            }
        }

        private String existingShelves() {
            try (var files = Files.list(directory())) {
                var names = files.map(file -> file.getFileName().toString())
                        .filter(file -> file.endsWith(".jpmm"))
                        .map(file -> file.substring(0, file.length() - ".jpmm".length()))
                        .sorted().toList();
                return names.isEmpty() ? " (there are no shelves there)" : "; shelves there: " + String.join(", ", names);
            } catch (java.io.IOException | RuntimeException unreadable) {
                return "";
            }
        }
    }
}
