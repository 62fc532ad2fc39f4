package io.jpmm;

import io.jpmm.testkit.ChildJvm;
import io.jpmm.testkit.NativeAccessProbe;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jpmm uses native calls (madvise, posix_fallocate) only when the application enabled native
 * access; without it, shelves work through pure-Java fallbacks and the JDK prints no warning.
 */
class NativeAccessTest {
    @TempDir
    Path directory;

    @Test
    void withoutNativeAccessShelvesWorkAndNoRestrictedMethodWarningIsPrinted() {
        var result = ChildJvm.runWithoutNativeAccess(Duration.ofMinutes(1), NativeAccessProbe.class, directory.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(Double.toString(0.5 * (1 << 20)));
        assertThat(result.stderr()).doesNotContain("WARNING");
    }

    @Test
    void withNativeAccessTheSameWorkSucceedsToo() {
        var result = ChildJvm.run(Duration.ofMinutes(1), NativeAccessProbe.class, directory.toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(Double.toString(0.5 * (1 << 20)));
        assertThat(result.stderr()).doesNotContain("WARNING");
    }
}
