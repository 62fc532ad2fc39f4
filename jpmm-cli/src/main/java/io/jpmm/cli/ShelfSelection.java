package io.jpmm.cli;

import io.jpmm.NoSuchShelfException;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every shelf command takes: which shelf, where, and whether to show stack traces. */
final class ShelfSelection {
    @Option(names = {"-s", "--shelf"}, paramLabel = "SHELF", defaultValue = "${env:JPMM_SHELF:-default}",
            description = "the shelf to use (default: $JPMM_SHELF, else 'default')")
    String shelf;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "the directory of shelves (default: $JPMM_PATH, else a DAX mount, else ~/.local/share/jpmm)")
    Path directory;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    Path directory() {
        return directory != null ? directory : ShelfOptions.defaultDirectory();
    }

    ShelfOptions options() {
        return ShelfOptions.at(directory());
    }

    boolean exists() {
        return Files.exists(directory().resolve(shelf + ".jpmm"));
    }

    /** Opens the shelf read-only; it must exist. */
    Shelf openReadOnly() {
        requireExists();
        return Shelf.open(shelf, options().readOnly());
    }

    /** Opens the shelf for writing; it must exist. */
    Shelf openExisting() {
        requireExists();
        return Shelf.open(shelf, options());
    }

    /** Opens the shelf for writing, creating it with {@code sizeBytes} if it does not exist. */
    Shelf openWritable(long sizeBytes) {
        return Shelf.open(shelf, options().sizeBytes(sizeBytes));
    }

    private void requireExists() {
        if (!exists()) {
            throw new NoSuchShelfException("no shelf '" + shelf + "' in " + directory() + existingShelves());
        }
    }

    private String existingShelves() {
        try (var files = Files.list(directory())) {
            var names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".jpmm"))
                    .map(name -> name.substring(0, name.length() - ".jpmm".length()))
                    .sorted().toList();
            return names.isEmpty() ? " (there are no shelves there)" : "; shelves there: " + String.join(", ", names);
        } catch (java.io.IOException | RuntimeException unreadable) {
            return "";
        }
    }
}
