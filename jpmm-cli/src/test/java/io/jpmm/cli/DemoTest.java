package io.jpmm.cli;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo runs headless, its pictures show each transformation, and its second JVM finds the data. */
class DemoTest {
    @TempDir
    Path directory;

    @Test
    void theDemoTransformsThePictureInPlaceAndANewJvmFindsIt() throws Exception {
        for (int run = 0; run < 2; run++) {
            CliRun demo = CliRun.of("demo", "--dir", directory.toString());
            assertThat(demo.exitCode()).as(demo.toString()).isZero();
            assertThat(demo.out()).contains("shelf 'demo' in " + directory)
                    .contains("checksum matches: the data survived")
                    .contains("What just happened:");
        }
        Path pictures = directory.resolve("jpmm-demo");
        BufferedImage original = read(pictures.resolve("step-1-original.png"));
        BufferedImage gray = read(pictures.resolve("step-2-grayscale.png"));
        BufferedImage blurred = read(pictures.resolve("step-3-blurred.png"));
        BufferedImage edges = read(pictures.resolve("step-4-edges.png"));
        assertThat(original.getWidth()).isEqualTo(DemoCommand.WIDTH);
        assertThat(original.getHeight()).isEqualTo(DemoCommand.HEIGHT);

        assertThat(colourfulPixels(original)).as("the original is in colour").isGreaterThan(0.5);
        assertThat(colourfulPixels(gray)).as("grayscale has R = G = B everywhere").isZero();
        assertThat(sharpSteps(gray)).as("the grayscale picture has sharp outlines").isPositive();
        assertThat(sharpSteps(blurred)).as("blurring softens them").isLessThan(sharpSteps(gray) / 4);
        assertThat(brightPixels(edges, 100)).as("edges: few bright pixels").isBetween(0.005, 0.2);
        assertThat(brightPixels(edges, 40)).as("edges: mostly dark").isLessThan(0.3);
    }

    @Test
    void theDemoNeverResetsAShelfItDidNotMake() throws Exception {
        try (var shelf = io.jpmm.Shelf.open("lab", io.jpmm.ShelfOptions.at(directory).sizeMb(1))) {
            shelf.put("results", io.jpmm.NdArray.of(1.0, 2.0));
            shelf.put("notes", "do not lose me");
        }
        CliRun demo = CliRun.of("demo", "-s", "lab", "--dir", directory.toString());
        assertThat(demo.exitCode()).as(demo.toString()).isEqualTo(1);
        assertThat(demo.err()).contains("shelf 'lab'").contains("notes, results").contains("only resets its own shelf");
        try (var shelf = io.jpmm.Shelf.open("lab", io.jpmm.ShelfOptions.at(directory).readOnly())) {
            assertThat(shelf.names()).containsExactly("notes", "results");
            assertThat(shelf.string("notes")).isEqualTo("do not lose me");
        }
        CliRun ownShelf = CliRun.of("-d", directory.toString(), "demo");
        assertThat(ownShelf.exitCode()).as(ownShelf.toString()).isZero();
    }

    @Test
    void guiWithoutADisplaySaysSoAndStillSucceeds() {
        CliRun demo = CliRun.of("demo", "--dir", directory.toString(), "--gui");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(demo.out()).contains("no display");
    }

    private static BufferedImage read(Path png) throws Exception {
        BufferedImage image = ImageIO.read(new File(png.toString()));
        assertThat(image).as(png + " is a PNG").isNotNull();
        return image;
    }

    private static double colourfulPixels(BufferedImage image) {
        return fraction(image, (r, g, b) -> Math.max(Math.abs(r - g), Math.abs(g - b)) > 8);
    }

    private static double brightPixels(BufferedImage image, int threshold) {
        return fraction(image, (r, g, b) -> r > threshold);
    }

    /** How many horizontal neighbours differ by more than 16 levels: the sharp steps of outlines. */
    private static int sharpSteps(BufferedImage image) {
        int steps = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 1; x < image.getWidth(); x++) {
                steps += Math.abs((image.getRGB(x, y) & 0xFF) - (image.getRGB(x - 1, y) & 0xFF)) > 16 ? 1 : 0;
            }
        }
        return steps;
    }

    private interface PixelTest {
        boolean test(int red, int green, int blue);
    }

    private static double fraction(BufferedImage image, PixelTest test) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (test.test((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF)) {
                    count++;
                }
            }
        }
        return (double) count / (image.getWidth() * image.getHeight());
    }
}
