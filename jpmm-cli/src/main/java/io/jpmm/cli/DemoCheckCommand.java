package io.jpmm.cli;

import io.jpmm.NdArray;
import io.jpmm.Shelf;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The second half of the demo, run in a new JVM: reopen the shelf and check the picture survived. */
@Command(name = "demo-check", hidden = true, description = "Reopen the demo's shelf and check its picture.")
final class DemoCheckCommand implements Callable<Integer> {
    @ParentCommand
    Jpmm jpmm;

    @Option(names = "--crc", required = true)
    long expectedCrc;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        long start = System.nanoTime();
        try (Shelf shelf = jpmm.select(spec).openReadOnly()) {
            NdArray image = shelf.array("image");
            double millis = (System.nanoTime() - start) / 1e6;
            boolean intact = DemoCommand.crc(image) == expectedCrc;
            out.printf(java.util.Locale.ROOT, "new JVM (process %d) reopened shelf '%s' in %.1f ms: %s%n",
                    ProcessHandle.current().pid(), shelf.name(), millis, String.join(", ", shelf.names()));
            out.println("image " + image.dtype() + " " + shelf.info("image").shape() + ", checksum "
                    + (intact ? "matches: the data survived" : "DIFFERS: the data did not survive"));
            out.println("steps: " + shelf.string("steps"));
            return intact ? 0 : Jpmm.FAILURE;
        }
    }
}
