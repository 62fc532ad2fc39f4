package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.HoldShelfOpen;
import io.jpmm.testkit.MountNamespace;
import io.jpmm.testkit.SimulatedMedium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The files of a shelf under careless and hostile use: symbolic links, a second path to the same
 * shelf, failed creations, fresh directories, read-only media, sparse files on a full disk.
 */
class ShelfFileSafetyTest {
    @TempDir
    Path directory;

    @Test
    void theSameShelfThroughASymlinkedDirectoryIsRefusedAndKeepsItsLockForOtherProcesses() throws Exception {
        Path real = Files.createDirectories(directory.resolve("real"));
        Path link = Files.createSymbolicLink(directory.resolve("link"), real);
        try (Shelf shelf = Shelf.open("twice", ShelfOptions.at(real).sizeMb(1))) {
            shelf.put("x", 1L);
            assertThatThrownBy(() -> Shelf.open("twice", ShelfOptions.at(link)))
                    .isInstanceOf(ShelfLockedException.class).hasMessageContaining("already open for writing in this JVM");
            try (Shelf reader = Shelf.open("twice", ShelfOptions.at(link).readOnly())) {
                assertThat(reader.names()).containsExactly("x");
            }
            // The refused opens must not have dropped this process's OS lock: another process is still locked out.
            var other = ChildJvm.run(Duration.ofMinutes(1), HoldShelfOpen.class, link.toString(), "twice", "write");
            assertThat(other.exitCode()).isNotZero();
            assertThat(other.stderr()).contains("ShelfLockedException").contains("another process");
            shelf.put("y", 2L);
        }
        try (Shelf shelf = Shelf.open("twice", ShelfOptions.at(link))) {
            assertThat(shelf.names()).containsExactly("x", "y");
        }
    }

    @Test
    void theSameShelfThroughABindMountIsRecognisedByItsFile() throws Exception {
        Path real = Files.createDirectories(directory.resolve("real"));
        try (Shelf shelf = Shelf.open("bound", ShelfOptions.at(real).sizeMb(1))) {
            shelf.put("x", 1L);
        }
        var result = MountNamespace.bind(real, directory.resolve("mounted"), Duration.ofMinutes(1), OpenTwice.class,
                real.toString(), directory.resolve("mounted").toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("second open refused: shelf 'bound' is already open for writing in this JVM")
                .contains("the same file as");
    }

    @Test
    void aSymlinkPlantedAsTheLockFileIsNeverFollowedNorWritten() throws Exception {
        Path victim = Files.writeString(directory.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(directory.resolve("planted.jpmm.lock"), victim);
        assertThatThrownBy(() -> Shelf.open("planted", ShelfOptions.at(directory).sizeMb(1)))
                .isInstanceOf(ShelfLockedException.class).hasMessageContaining("symbolic link");
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(directory.resolve("planted.jpmm")).doesNotExist();
    }

    @Test
    void theLockFileIsNeverTruncated() throws Exception {
        try (Shelf shelf = Shelf.open("kept", ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("x", 1L);
        }
        Path lock = directory.resolve("kept.jpmm.lock");
        String longer = "x".repeat(100);
        Files.writeString(lock, longer);
        try (Shelf shelf = Shelf.open("kept", ShelfOptions.at(directory))) {
            String content = Files.readString(lock);
            assertThat(content).startsWith("pid " + ProcessHandle.current().pid());
            assertThat(content.substring(32, 100)).as("bytes past the process id are kept").isEqualTo("x".repeat(68));
        }
    }

    @Test
    void aShelfTooLargeForItsFileSystemIsRefusedBeforeAnythingIsAllocatedAndLeavesNoFiles() {
        assertThatThrownBy(() -> Shelf.open("absurd", ShelfOptions.at(directory).sizeMb(1L << 30)))
                .isInstanceOf(ShelfFullException.class).hasMessageContaining("absurd").hasMessageContaining("no space");
        assertThat(directory.toFile().list()).isEmpty();
    }

    @Test
    void aFailedCreationLeavesNeitherTheNewFileNorTheLockFile() {
        var medium = new SimulatedMedium();
        medium.failCreate(true);
        assertThatThrownBy(() -> Shelf.open("failed", ShelfOptions.at(directory).sizeMb(1), medium))
                .isInstanceOf(ShelfException.class);
        assertThat(directory.toFile().list()).isEmpty();
        medium.failCreate(false);
        medium.failDirectorySync(true);
        assertThatThrownBy(() -> Shelf.open("failed", ShelfOptions.at(directory).sizeMb(1), medium))
                .isInstanceOf(ShelfException.class);
        assertThat(directory.resolve("failed.jpmm.new")).doesNotExist();
        assertThat(directory.resolve("failed.jpmm.lock")).doesNotExist();
    }

    @Test
    void aShelfLargerThanWhatIsLeftOnARealDiskIsRefusedAndLeavesNothing() {
        var result = MountNamespace.onTmpfs(directory.resolve("small"), 24L << 20, Duration.ofMinutes(1),
                CreateOnFullDisk.class, directory.resolve("small").toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("refused: cannot create shelf 'toolarge'").contains("(no space left on device)")
                .contains("left: [filler]");
    }

    @Test
    void everyDirectoryCreatedForAShelfIsMadeDurableInItsParent() {
        var medium = new SimulatedMedium();
        Path deep = directory.resolve("a").resolve("b").resolve("c");
        Shelf.open("deep", ShelfOptions.at(deep).sizeMb(1), medium).close();
        assertThat(medium.syncedDirectories()).containsSubsequence(directory, directory.resolve("a"),
                directory.resolve("a").resolve("b"), deep);
    }

    @Test
    void aShelfOnReadOnlyMediaOpensForReadingEvenWithoutALockFile() throws Exception {
        Path source = Files.createDirectories(directory.resolve("source"));
        try (Shelf shelf = Shelf.open("snapshot", ShelfOptions.at(source).sizeMb(1))) {
            shelf.put("x", NdArray.of(1.5, 2.5));
            shelf.put("label", "frozen");
        }
        Files.delete(source.resolve("snapshot.jpmm.lock"));
        var result = MountNamespace.readOnly(source, directory.resolve("ro"), Duration.ofMinutes(1), ReadReadOnly.class,
                directory.resolve("ro").toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("read x [1.5, 2.5] label frozen").contains("writer refused");
    }

    @Test
    void aSparseShelfOnAFullDiskGetsAClearErrorNotSigbusAndStaysIntact() {
        var result = MountNamespace.onTmpfs(directory.resolve("small"), 48L << 20, Duration.ofMinutes(2),
                SparseOnFullDisk.class, directory.resolve("small").toString());
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("writer refused: ").contains("sparse").contains("no space left")
                .contains("read-only open: x intact");
        assertThat(result.stderr()).doesNotContain("InternalError").doesNotContain("SIGBUS");
    }

    /** Child main: opens a shelf through its real path, then again through a bind mount. */
    public static final class OpenTwice {
        public static void main(String[] args) {
            try (Shelf shelf = Shelf.open("bound", ShelfOptions.at(Path.of(args[0])))) {
                try {
                    Shelf.open("bound", ShelfOptions.at(Path.of(args[1]))).close();
                    System.out.println("second open allowed");
                } catch (ShelfLockedException refused) {
                    System.out.println("second open refused: " + refused.getMessage());
                }
                shelf.put("still", 1L);
            }
        }
    }

    /** Child main on a 24 MiB tmpfs: fills most of it, then creates a shelf that cannot fit. */
    public static final class CreateOnFullDisk {
        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]);
            Files.write(directory.resolve("filler"), new byte[16 << 20]);
            try {
                Shelf.open("toolarge", ShelfOptions.at(directory).sizeMb(20)).close();
                System.out.println("created");
            } catch (ShelfFullException full) {
                System.out.println("refused: " + full.getMessage());
            }
            try (var files = Files.list(directory)) {
                System.out.println("left: " + files.map(file -> file.getFileName().toString()).sorted().toList());
            }
        }
    }

    /** Child main on read-only media: reads a shelf, and tries to open it for writing. */
    public static final class ReadReadOnly {
        public static void main(String[] args) {
            Path directory = Path.of(args[0]);
            try (Shelf shelf = Shelf.open("snapshot", ShelfOptions.at(directory).readOnly())) {
                System.out.println("read x " + java.util.Arrays.toString(shelf.array("x").toDoubleArray())
                        + " label " + shelf.string("label"));
            }
            try {
                Shelf.open("snapshot", ShelfOptions.at(directory)).close();
                System.out.println("writer allowed");
            } catch (ShelfException refused) {
                System.out.println("writer refused: " + refused.getMessage());
            }
        }
    }

    /**
     * Child main on a 48 MiB tmpfs: a 32 MiB shelf made sparse (its unused space punched out, as
     * {@code cp --sparse=always} leaves it), the disk then filled, and the shelf opened.
     */
    public static final class SparseOnFullDisk {
        public static void main(String[] args) throws Exception {
            Path directory = Path.of(args[0]);
            try (Shelf shelf = Shelf.open("sparse", ShelfOptions.at(directory).sizeMb(32))) {
                shelf.put("x", NdArray.allocate(DType.INT64, 1000).fill(5L));
            }
            Path file = directory.resolve("sparse.jpmm");
            var punch = new ProcessBuilder("fallocate", "--dig-holes", file.toString()).inheritIO().start();
            if (punch.waitFor() != 0) {
                throw new IllegalStateException("fallocate --dig-holes failed");
            }
            long free = Files.getFileStore(directory).getUsableSpace();
            Files.write(directory.resolve("filler"), new byte[(int) (free - (1 << 20))]);
            try (Shelf shelf = Shelf.open("sparse", ShelfOptions.at(directory))) {
                shelf.put("big", NdArray.allocate(DType.INT8, 20 << 20).fill(1L));
                System.out.println("writer allowed");
            } catch (ShelfException refused) {
                System.out.println("writer refused: " + refused.getMessage());
            }
            try (Shelf shelf = Shelf.open("sparse", ShelfOptions.at(directory).readOnly())) {
                boolean intact = java.util.Arrays.stream(shelf.array("x").toLongArray()).allMatch(value -> value == 5);
                System.out.println("read-only open: x " + (intact ? "intact" : "DAMAGED"));
            }
        }
    }
}
