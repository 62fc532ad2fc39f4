package io.jpmm.cli;

import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import io.jpmm.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** jpmm shell: JShell with jpmm imported and the shelf open as 'shelf'. */
class ShellTest {
    @TempDir
    Path directory;

    @Test
    void snippetsTypedIntoTheShellWorkOnTheShelf() {
        String typed = """
                var x = shelf.ndarray("x", DType.FLOAT64, 2, 2)
                x.fill(2.5)
                System.out.println("sum=" + x.sum().getDouble())
                shelf.put("note", "from the shell")
                shelf.close()
                /exit
                """;
        var result = ChildJvm.run(Duration.ofMinutes(2), List.of(), typed, Jpmm.class,
                "shell", "-d", directory.toString(), "-s", "interactive");
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("jpmm shell: shelf 'interactive'").contains("sum=10.0");
        try (Shelf shelf = Shelf.open("interactive", ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.string("note")).isEqualTo("from the shell");
            assertThat(shelf.array("x").sum().getDouble()).isEqualTo(10.0);
        }
    }
}
