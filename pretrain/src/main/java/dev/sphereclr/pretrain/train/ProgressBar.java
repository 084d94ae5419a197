package dev.sphereclr.pretrain.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's view of a run: a bar redrawn in place with step, loss, speed and ETA when a
 * terminal is attached; otherwise a log line every 5% of the run.
 */
public final class ProgressBar {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBar.class);
    private static final int WIDTH = 24;

    private final long total;
    private final boolean terminal;
    private final PrintStream out;
    private final long logEvery;
    private final long startStep;
    private final long startNanos = System.nanoTime();

    /**
     * @param startStep the step the run (re)starts at
     * @param total the step the run ends at
     */
    public ProgressBar(long startStep, long total) {
        this.startStep = startStep;
        this.total = total;
        this.terminal = System.console() != null;
        this.out = System.err;
        this.logEvery = Math.max(1, total / 20);
    }

    /** Reports step {@code step} (1-based count of finished steps). */
    public void update(long step, double loss, double viewsPerSecond) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long done = step - startStep;
        double eta = done > 0 ? elapsed / done * (total - step) : 0;
        String text =
                String.format(
                        Locale.ROOT,
                        "step %d/%d  loss %.4f  %.1f views/s  ETA %s",
                        step,
                        total,
                        loss,
                        viewsPerSecond,
                        format(eta));
        if (terminal) {
            int filled = (int) (WIDTH * step / Math.max(1, total));
            out.print(
                    "\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + text + "   ");
            if (step >= total) {
                out.println();
            }
            out.flush();
        } else if (step % logEvery == 0 || step == total || done == 1) {
            LOG.info(text);
        }
    }

    /** Ends the bar's line, if one is drawn. */
    public void finish() {
        if (terminal) {
            out.println();
        }
    }

    static String format(double seconds) {
        Duration d = Duration.ofSeconds((long) seconds);
        return String.format(
                Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
