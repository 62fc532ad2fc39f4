package io.jpmm.cli;

import io.jpmm.numpy.Progress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line on a terminal (percent, bytes, GB/s, time left), redrawn at most ten times a
 * second; silent when the output is not a terminal, so pipes and logs stay clean.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long start = System.nanoTime();
    private long lastDrawn;

    private ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    /** A bar on {@code err} when standard error goes to a terminal, else no output. */
    static Progress on(PrintWriter err, String label) {
        var console = System.console();
        return console != null && console.isTerminal() ? new ProgressBar(err, label) : Progress.NONE;
    }

    @Override
    public void advanced(long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawn < 100_000_000L) {
            return;
        }
        lastDrawn = now;
        double fraction = total == 0 ? 1 : (double) done / total;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        long left = rate > 0 ? (long) ((total - done) / rate) : 0;
        int filled = (int) (fraction * WIDTH);
        out.printf(Locale.ROOT, "\r%s %3d%% [%s%s] %s of %s, %.2f GB/s, %s left ", label, (int) (fraction * 100),
                "#".repeat(filled), ".".repeat(WIDTH - filled), Text.bytes(done), Text.bytes(total), rate / 1e9,
                format(Duration.ofSeconds(left)));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    private static String format(Duration duration) {
        return String.format(Locale.ROOT, "%d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }
}
