package io.jpmm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** How ./jpmm finds a JDK >= 25: JAVA_HOME if it qualifies, else the usual places, else a clear message. */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "jpmm").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private record Run(int exitCode, String out, String err) {
    }

    private Run launch(Map<String, String> environment) throws Exception {
        var builder = new ProcessBuilder("bash", LAUNCHER.toString(), "--launcher-jdk");
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }

    /** A directory that looks like a JDK of the given version to the launcher. */
    private Path fakeJdk(String name, int version) throws IOException {
        Path home = Files.createDirectories(directory.resolve(name).resolve("bin"));
        Path java = Files.writeString(home.resolve("java"), "#!/bin/sh\nexit 0\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.getParent().resolve("release"), "JAVA_VERSION=\"" + version + ".0.1\"\n");
        return home.getParent();
    }

    @Test
    void aQualifyingJavaHomeIsUsed() throws Exception {
        Path jdk26 = fakeJdk("jdk-26", 26);
        Run run = launch(Map.of("JAVA_HOME", jdk26.toString(), "JPMM_JDK_SEARCH_PATH", directory.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(jdk26.toString());
    }

    @Test
    void anOldJavaHomeIsSkippedForTheNewestQualifyingJdkInTheUsualPlaces() throws Exception {
        Path old = fakeJdk("jdk-17", 17);
        fakeJdk("jdk-25", 25);
        Path newest = fakeJdk("jdk-27", 27);
        Run run = launch(Map.of("JAVA_HOME", old.toString(), "JPMM_JDK_SEARCH_PATH", directory.toString()));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(newest.toString());
    }

    @Test
    void onThisMachineTheRunningJdkIsFoundWithoutAnySetting() throws Exception {
        Run run = launch(Map.of());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String release = Files.readString(Path.of(run.out(), "release"));
        assertThat(release).containsPattern("JAVA_VERSION=\"(2[5-9]|[3-9][0-9])");
    }

    @Test
    void withoutAQualifyingJdkTheLauncherSaysWhatToInstall() throws Exception {
        fakeJdk("jdk-21", 21);
        Run run = launch(Map.of("JPMM_JDK_SEARCH_PATH", directory.toString()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no JDK 25 or newer found").contains("Temurin").contains("JAVA_HOME");
    }
}
