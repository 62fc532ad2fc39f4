package io.jpmm;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultDirectoryTest {
    @Test
    void daxMountsAreFoundInProcMounts() {
        List<String> mounts = List.of(
                "/dev/vda / ext4 rw,relatime 0 0",
                "/dev/pmem0 /mnt/pmem0 ext4 rw,relatime,dax=always 0 0",
                "/dev/pmem1 /mnt/pmem\\0401 xfs rw,dax 0 0",
                "/dev/pmem2 /mnt/never ext4 rw,dax=never 0 0",
                "garbage");
        assertThat(DefaultDirectory.daxMounts(mounts)).containsExactly(Path.of("/mnt/pmem0"), Path.of("/mnt/pmem 1"));
    }

    @Test
    void theJpmmPathPropertyChoosesTheDirectoryWhenNoEnvironmentVariableDoes() {
        if (System.getenv("JPMM_PATH") != null) {
            return;
        }
        String previous = System.getProperty("jpmm.path");
        try {
            System.setProperty("jpmm.path", "/tmp/somewhere");
            assertThat(ShelfOptions.defaults().directory()).isEqualTo(Path.of("/tmp/somewhere"));
        } finally {
            if (previous == null) {
                System.clearProperty("jpmm.path");
            } else {
                System.setProperty("jpmm.path", previous);
            }
        }
    }

    @Test
    void withoutSettingsShelvesGoToAUserDirectory() {
        if (System.getenv("JPMM_PATH") != null || System.getProperty("jpmm.path") != null
                || !DefaultDirectory.daxMounts(List.of()).isEmpty()) {
            return;
        }
        assertThat(ShelfOptions.defaults().directory().toString()).endsWith("jpmm");
    }
}
