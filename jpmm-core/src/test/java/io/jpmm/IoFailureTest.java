package io.jpmm;

import io.jpmm.testkit.ScriptedWorkload;
import io.jpmm.testkit.SimulatedMedium;
import io.jpmm.testkit.StateOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failing flushes, file creation and directory syncs: the failing call throws, the shelf refuses
 * every later write instead of reporting success over lost data (on Linux a failed fsync marks the
 * pages clean, so a retry would falsely succeed), reads go on, and reopening finds the last durable
 * state.
 */
class IoFailureTest {
    private static final List<ScriptedWorkload.Op> SCRIPT = ScriptedWorkload.random(21, 60, 5, 2, false);

    @TempDir
    Path directory;

    @ParameterizedTest(name = "flush #{0} fails once")
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
    void aFailedFlushPoisonsTheShelfUntilItIsReopened(int failingPersist) throws IOException {
        runWithFailingFlush(failingPersist, false);
    }

    @ParameterizedTest(name = "flushes fail from #{0} on")
    @ValueSource(ints = {4, 30, 70})
    void persistentlyFailingFlushesPoisonTheShelfToo(int failingPersist) throws IOException {
        runWithFailingFlush(failingPersist, true);
    }

    private void runWithFailingFlush(int failingPersist, boolean persistent) throws IOException {
        Path live = Files.createDirectories(directory.resolve("live"));
        var medium = new SimulatedMedium();
        var oracle = new StateOracle();
        ShelfOptions options = ShelfOptions.at(live).sizeMb(1);
        Function<Boolean, Shelf> open = forceNew -> Shelf.open("failing", forceNew ? options.forceNew() : options, medium);
        Shelf shelf = open.apply(false);
        medium.failPersist(medium.persists() + failingPersist, persistent);
        ShelfException failure = null;
        for (ScriptedWorkload.Op op : SCRIPT) {
            oracle.begin(op);
            try {
                shelf = ScriptedWorkload.perform(shelf, op, open);
                oracle.acknowledge();
            } catch (NoSuchVariableException | ShelfFullException refused) {
                oracle.refused();
            } catch (ShelfException failed) {
                failure = failed;
                break;
            }
        }
        assertThat(failure).as("the operation during flush #%d throws", failingPersist).isNotNull()
                .isNotInstanceOf(ReadOnlyShelfException.class).hasCauseInstanceOf(IOException.class)
                .hasMessageContaining("reopen");
        Shelf poisoned = shelf;
        assertThatThrownBy(() -> poisoned.put("later", 1L)).isInstanceOf(ReadOnlyShelfException.class)
                .hasMessageContaining("failed flush");
        assertThatThrownBy(() -> poisoned.erase("later")).isInstanceOf(ReadOnlyShelfException.class);
        assertThat(poisoned.names()).isNotNull();
        poisoned.close();

        Path image = directory.resolve("image");
        medium.writeCrashImage(live, image, SimulatedMedium.Model.FLUSHED_ONLY, new Random(1));
        try (Shelf reopened = Shelf.open("failing", ShelfOptions.at(image))) {
            oracle.check(reopened, false);
            assertThat(reopened.check().ok()).isTrue();
            reopened.put("after", 2L);
        }
        try (Shelf reopened = Shelf.open("failing", ShelfOptions.at(live))) {
            oracle.check(reopened, false);
        }
    }

    @Test
    void aFailedFileCreationIsReportedAndLeavesNoShelf() throws IOException {
        var medium = new SimulatedMedium();
        medium.failCreate(true);
        assertThatThrownBy(() -> Shelf.open("nospace", ShelfOptions.at(directory), medium))
                .isInstanceOf(ShelfException.class).hasMessageContaining("nospace").hasMessageContaining("no space");
        assertThat(directory.resolve("nospace.jpmm")).doesNotExist();
        medium.failCreate(false);
        try (Shelf shelf = Shelf.open("nospace", ShelfOptions.at(directory), medium)) {
            shelf.put("x", 1L);
        }
    }

    @Test
    void aFailedDirectorySyncFailsTheCreationAndTheShelfIsNotDurableYet() throws IOException {
        var medium = new SimulatedMedium();
        medium.failDirectorySync(true);
        assertThatThrownBy(() -> Shelf.open("unsynced", ShelfOptions.at(directory), medium))
                .isInstanceOf(ShelfException.class).hasMessageContaining("fsync of directory");
        Path image = directory.resolve("image");
        medium.writeCrashImage(directory, image, SimulatedMedium.Model.FLUSHED_ONLY, new Random(1));
        assertThat(image.resolve("unsynced.jpmm")).doesNotExist();
        medium.failDirectorySync(false);
        try (Shelf shelf = Shelf.open("unsynced", ShelfOptions.at(directory), medium)) {
            assertThat(shelf.names()).isEmpty();
        }
    }
}
