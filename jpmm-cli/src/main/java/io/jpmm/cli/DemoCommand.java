package io.jpmm.cli;

import io.jpmm.DType;
import io.jpmm.NdArray;
import io.jpmm.Shelf;
import io.jpmm.ShelfOptions;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show what a shelf does, with a picture.",
                "Puts a picture on a shelf as a uint8 array, transforms it in place (grayscale,",
                "blur, edge detection), saves a PNG of each step, then reopens the shelf in a",
                "new JVM to show the data survived. Re-running resets the demo's own shelf and",
                "nothing else: a shelf holding other variables is refused."})
final class DemoCommand implements Callable<Integer> {
    static final int HEIGHT = 360;
    static final int WIDTH = 640;

    /** Every variable the demo makes: a shelf holding anything else is not the demo's to reset. */
    static final Set<String> DEMO_VARIABLES = Set.of("image", "original", "steps");

    @ParentCommand
    Jpmm jpmm;

    @Option(names = "--gui", description = "also show the steps in a window, if there is a display")
    boolean gui;

    @Spec
    CommandSpec spec;

    private record Step(String title, Path png) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        // The demo's own shelf is 'demo' unless -s names another; $JPMM_SHELF is for real work.
        String shelfName = jpmm.selection.shelf != null ? jpmm.selection.shelfName(spec.commandLine(), "demo") : "demo";
        Path shelfDirectory = jpmm.selection.directory();
        if (!isDemoShelf(shelfDirectory, shelfName, out)) {
            return Jpmm.FAILURE;
        }
        Path pictures = Files.createDirectories(shelfDirectory.resolve("jpmm-demo"));
        List<Step> steps = new ArrayList<>();
        long checksum;
        try (Shelf shelf = Shelf.open(shelfName, ShelfOptions.at(shelfDirectory).sizeMb(16).forceNew())) {
            out.println("jpmm demo: shelf '" + shelf.name() + "' in " + shelfDirectory);
            out.println("  medium: " + shelf.medium());
            NdArray image = shelf.ndarray("image", DType.UINT8, HEIGHT, WIDTH, 3);
            out.println("  created array 'image', uint8 " + HEIGHT + "x" + WIDTH + "x3, directly on the shelf");
            var picture = new DemoPicture(image);
            picture.paintLandscape();
            steps.add(save(picture, pictures, 1, "original: painted in place"));
            shelf.put("original", image);
            picture.grayscale();
            steps.add(save(picture, pictures, 2, "grayscale, in place"));
            picture.blur();
            steps.add(save(picture, pictures, 3, "blurred, in place"));
            picture.edges();
            steps.add(save(picture, pictures, 4, "edges (Sobel), in place"));
            shelf.put("steps", String.join(", ", steps.stream().map(Step::title).toList()));
            checksum = crc(image);
            out.println("  " + shelf.names().size() + " variables, " + String.format(java.util.Locale.ROOT, "%.1f", shelf.usedPercent())
                    + " % of the shelf used");
        }
        out.println();
        out.println("Reopening the shelf in a new JVM...");
        int reopened = reopenInNewJvm(shelfDirectory, shelfName, checksum, out);
        out.println();
        out.println("Pictures of each step:");
        steps.forEach(step -> out.println("  " + step.png() + "   (" + step.title() + ")"));
        if (gui) {
            show(steps, out);
        }
        out.println();
        out.println("What just happened:");
        out.println("  1. The picture was created as a uint8 array on the shelf, a file mapped into memory, and changed in place: no copy, no serialization.");
        out.println("  2. Each step was made durable with persist(); 'original' and 'steps' were put atomically beside it.");
        out.println("  3. A second JVM opened the shelf and found every array as it was, mapped, without loading anything.");
        return reopened;
    }

    /**
     * Whether the demo may reset the shelf: it does not exist, or holds only what the demo makes.
     * A shelf of other variables is refused, so that `jpmm demo -s lab` never wipes real work.
     */
    private boolean isDemoShelf(Path shelfDirectory, String shelfName, PrintWriter out) {
        if (!Files.exists(shelfDirectory.resolve(shelfName + ".jpmm"))) {
            return true;
        }
        List<String> others;
        try (Shelf shelf = Shelf.open(shelfName, ShelfOptions.at(shelfDirectory).readOnly())) {
            others = shelf.names().stream().filter(name -> !DEMO_VARIABLES.contains(name)).toList();
        }
        if (others.isEmpty()) {
            return true;
        }
        spec.commandLine().getErr().println("jpmm: shelf '" + shelfName + "' in " + shelfDirectory + " holds variables the"
                + " demo did not make (" + String.join(", ", others.stream().limit(5).toList())
                + (others.size() > 5 ? ", ..." : "") + "); the demo only resets its own shelf. Choose another with -s.");
        return false;
    }

    private static Step save(DemoPicture picture, Path directory, int number, String title) throws IOException {
        picture.image().persist();
        Path png = directory.resolve("step-" + number + "-" + title.split("[ :,]")[0] + ".png");
        ImageIO.write(picture.toBufferedImage(), "png", png.toFile());
        return new Step(title, png);
    }

    static long crc(NdArray array) {
        CRC32C crc = new CRC32C();
        crc.update(array.segment().asByteBuffer());
        return crc.getValue();
    }

    private int reopenInNewJvm(Path shelfDirectory, String shelfName, long checksum, PrintWriter out)
            throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Jpmm.class.getName(),
                "demo-check", "--dir", shelfDirectory.toString(), "--shelf", shelfName, "--crc", Long.toString(checksum));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = child.waitFor();
        output.lines().forEach(line -> out.println("  " + line));
        return exit == 0 ? 0 : Jpmm.FAILURE;
    }

    private static void show(List<Step> steps, PrintWriter out) throws IOException {
        if (GraphicsEnvironment.isHeadless()) {
            out.println("(--gui: there is no display here; open the PNGs above instead)");
            return;
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Step step : steps) {
            images.add(ImageIO.read(step.png().toFile()));
        }
        DemoWindow.showAndWait(steps.stream().map(Step::title).toList(), images);
    }
}
