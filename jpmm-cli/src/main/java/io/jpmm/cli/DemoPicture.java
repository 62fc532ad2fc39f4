package io.jpmm.cli;

import io.jpmm.NdArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The demo's picture and its transformations, all applied in place to a {@code uint8} array of
 * shape (height, width, 3): on the shelf, the pixels are the mapped file itself.
 */
final class DemoPicture {
    private final NdArray image;
    private final MemorySegment pixels;
    private final int height;
    private final int width;

    DemoPicture(NdArray image) {
        this.image = image;
        this.pixels = image.segment();
        this.height = (int) image.dim(0);
        this.width = (int) image.dim(1);
    }

    /** Paints a sunset over mountains and a lake, computed from nothing but arithmetic. */
    void paintLandscape() {
        double horizon = 0.62 * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double[] color = y < horizon ? sky(x, y, horizon) : lake(x, y, horizon);
                for (int channel = 0; channel < 3; channel++) {
                    set(y, x, channel, color[channel]);
                }
            }
        }
    }

    private double[] sky(double x, double y, double horizon) {
        double t = y / horizon;
        double[] color = {30 + 225 * t, 40 + 120 * t * t, 110 - 60 * t};
        double sunX = 0.68 * width;
        double sunY = 0.48 * height;
        double distance = Math.hypot(x - sunX, y - sunY) / (0.075 * width);
        double glow = Math.exp(-distance * distance / 6);
        color[0] += 120 * glow;
        color[1] += 90 * glow;
        color[2] += 20 * glow;
        if (distance < 1) {
            color = new double[] {255, 230, 140};
        }
        double far = horizon - height * (0.16 + 0.07 * Math.sin(x / width * 9) + 0.03 * Math.sin(x / width * 31));
        double near = horizon - height * (0.08 + 0.05 * Math.sin(x / width * 5 + 1) + 0.02 * Math.sin(x / width * 47));
        if (y > near) {
            color = new double[] {25, 45, 30};
        } else if (y > far) {
            color = new double[] {70, 50, 95};
        }
        return color;
    }

    private double[] lake(double x, double y, double horizon) {
        double mirrored = horizon - (y - horizon) * 1.3 + 4 * Math.sin(y * 0.9 + x * 0.02);
        double[] color = sky(x, Math.max(0, mirrored), horizon);
        double depth = (y - horizon) / (height - horizon);
        return new double[] {color[0] * (0.7 - 0.3 * depth), color[1] * (0.75 - 0.3 * depth), color[2] * 0.9 + 30 * depth};
    }

    /** Luminance (ITU-R BT.601) into all three channels. */
    void grayscale() {
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double luma = 0.299 * get(y, x, 0) + 0.587 * get(y, x, 1) + 0.114 * get(y, x, 2);
                for (int channel = 0; channel < 3; channel++) {
                    set(y, x, channel, luma);
                }
            }
        }
    }

    /** Two passes of a 5x5 box blur (close to a Gaussian), row by row then column by column. */
    void blur() {
        for (int pass = 0; pass < 2; pass++) {
            for (int y = 0; y < height; y++) {
                smoothLine(y * width * 3L, 3, width);
            }
            for (int x = 0; x < width; x++) {
                smoothLine(x * 3L, width * 3L, height);
            }
        }
    }

    /** Averages a line of {@code count} pixels, {@code stride} bytes apart, over a window of 5. */
    private void smoothLine(long start, long stride, int count) {
        int[][] line = new int[count][3];
        for (int i = 0; i < count; i++) {
            for (int channel = 0; channel < 3; channel++) {
                line[i][channel] = Byte.toUnsignedInt(pixels.get(ValueLayout.JAVA_BYTE, start + i * stride + channel));
            }
        }
        for (int i = 0; i < count; i++) {
            for (int channel = 0; channel < 3; channel++) {
                int sum = 0;
                for (int k = -2; k <= 2; k++) {
                    sum += line[Math.clamp(i + k, 0, count - 1)][channel];
                }
                pixels.set(ValueLayout.JAVA_BYTE, start + i * stride + channel, (byte) Math.round(sum / 5f));
            }
        }
    }

    /** Sobel edge magnitude of the first channel, bright edges on black. */
    void edges() {
        int[] gray = new int[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                gray[y * width + x] = (int) get(y, x, 0);
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int gx = at(gray, y - 1, x + 1) + 2 * at(gray, y, x + 1) + at(gray, y + 1, x + 1)
                        - at(gray, y - 1, x - 1) - 2 * at(gray, y, x - 1) - at(gray, y + 1, x - 1);
                int gy = at(gray, y + 1, x - 1) + 2 * at(gray, y + 1, x) + at(gray, y + 1, x + 1)
                        - at(gray, y - 1, x - 1) - 2 * at(gray, y - 1, x) - at(gray, y - 1, x + 1);
                double magnitude = Math.min(255, 2 * Math.hypot(gx, gy));
                for (int channel = 0; channel < 3; channel++) {
                    set(y, x, channel, magnitude);
                }
            }
        }
    }

    private int at(int[] gray, int y, int x) {
        return gray[Math.clamp(y, 0, height - 1) * width + Math.clamp(x, 0, width - 1)];
    }

    private double get(int y, int x, int channel) {
        return Byte.toUnsignedInt(pixels.get(ValueLayout.JAVA_BYTE, ((long) y * width + x) * 3 + channel));
    }

    private void set(int y, int x, int channel, double value) {
        pixels.set(ValueLayout.JAVA_BYTE, ((long) y * width + x) * 3 + channel, (byte) Math.clamp(Math.round(value), 0, 255));
    }

    /** The picture as an RGB image for PNG writing and display. */
    java.awt.image.BufferedImage toBufferedImage() {
        var picture = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                picture.setRGB(x, y, ((int) get(y, x, 0) << 16) | ((int) get(y, x, 1) << 8) | (int) get(y, x, 2));
            }
        }
        return picture;
    }

    NdArray image() {
        return image;
    }
}
