package io.jpmm.zarr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Zarr store in a directory, the layout every Zarr reader opens as a local store. Each value is
 * written to a temporary file and renamed into place; {@link #flush()} makes the files and
 * directories written so far durable, all at once, so the disk writes them back while the next ones
 * are written. Copies are hard links where the file system allows (values are never modified in
 * place, so a link is a copy).
 */
public final class DirectoryStore implements ZarrStore {
    private final Path root;
    private final java.util.Set<Path> unflushed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DirectoryStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath();
    }

    /** The file of {@code key}, which must stay inside the root: no empty, {@code .} or {@code ..} segments. */
    Path file(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("key \"" + key + "\" has an empty, '.' or '..' segment");
            }
        }
        return root.resolve(key);
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path file = file(key);
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link; a store holds files");
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String key, java.lang.foreign.MemorySegment value) throws IOException {
        Path file = file(key);
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".jpmm-", ".partial");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                for (long at = 0; at < value.byteSize(); at += 1 << 30) {
                    var buffer = value.asSlice(at, Math.min(1 << 30, value.byteSize() - at)).asByteBuffer();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            unflushed.add(file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void copy(String from, String to) throws IOException {
        Path source = file(from);
        Path target = file(to);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException noLinks) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
        }
        unflushed.add(target);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path start = prefix.isEmpty() ? root : file(prefix);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .filter(path -> !path.getFileName().toString().endsWith(".partial"))
                    .map(path -> root.relativize(path).toString().replace(java.io.File.separatorChar, '/')).toList();
        } catch (UncheckedIOException failure) {
            throw failure.getCause();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = file(key);
        Files.deleteIfExists(file);
        // Directories left empty go too, up to the root: a deleted version leaves no tree of empty folders.
        for (Path directory = file.getParent(); !directory.equals(root) && directory.startsWith(root);
             directory = directory.getParent()) {
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                continue;
            }
            try {
                Files.delete(directory);
            } catch (java.nio.file.DirectoryNotEmptyException | java.nio.file.NoSuchFileException raced) {
                return;
            }
        }
    }

    @Override
    public void flush() throws IOException {
        var directories = new java.util.HashSet<Path>();
        for (Path file : java.util.List.copyOf(unflushed)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.force(true);
            }
            for (Path directory = file.getParent(); directory.startsWith(root); directory = directory.getParent()) {
                directories.add(directory);
            }
            unflushed.remove(file);
        }
        for (Path directory : directories) {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    @Override
    public String describe() {
        return root.toString();
    }
}
