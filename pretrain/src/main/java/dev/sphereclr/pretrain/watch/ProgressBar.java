package dev.sphereclr.pretrain.watch;

import dev.sphereclr.pretrain.method.LossParts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal's view of a run: a bar redrawn in place with step, loss, speed and ETA when a
 * terminal is attached; otherwise a log line every 5% of the run.
 */
public final class ProgressBar implements StepListener {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressBar.class);
    private static final int WIDTH = 24;

    private final long total;
    private final double budgetSeconds;
    private final boolean terminal;
    private final PrintStream out;
    private final long startStep;
    private final long startNanos = System.nanoTime();
    private int lastLogged = -1;
    private LossParts.Values last;

    /**
     * @param startStep the step the run (re)starts at
     * @param total the step the run ends at
     */
    public ProgressBar(long startStep, long total) {
        this(startStep, total, 0);
    }

    private ProgressBar(long startStep, long total, double budgetSeconds) {
        this.startStep = startStep;
        this.total = total;
        this.budgetSeconds = budgetSeconds;
        this.terminal = System.console() != null;
        this.out = System.err;
    }

    /**
     * A bar for a run under a wall-clock budget, whose number of steps is not known in advance.
     *
     * @param startStep the step the run (re)starts at
     * @param budgetSeconds the budget
     */
    public static ProgressBar forBudget(long startStep, double budgetSeconds) {
        return new ProgressBar(startStep, 0, budgetSeconds);
    }

    /** Redraws with the step's numbers (the loss of the last logged step). */
    @Override
    public void afterStep(StepEvent e) {
        if (e.logged()) {
            last = e.values();
        }
        update(e.step(), e.progress(), last, e.viewsPerSecond());
    }

    /**
     * The loss as the optimizer saw it, and its parts by name when a regularizer adds one: {@code
     * loss 10.93 = contrastive 5.59 + 0.01 x SEC 534.0}, so that the total is not mistaken for the
     * contrastive loss the charts show.
     */
    static String loss(LossParts.Values v) {
        if (v == null) {
            return "loss n/a";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", v.total()));
        boolean first = true;
        for (Map.Entry<String, Double> w : v.weights().entrySet()) {
            if (w.getValue() != 0) {
                if (first) {
                    text.append(String.format(Locale.ROOT, " = contrastive %.4f", v.contrastive()));
                    first = false;
                }
                text.append(
                        String.format(
                                Locale.ROOT,
                                " + %.3g x %s %.4g",
                                w.getValue(),
                                w.getKey().toUpperCase(Locale.ROOT),
                                v.penalty(w.getKey())));
            }
        }
        return text.toString();
    }

    /**
     * Reports step {@code step} (1-based count of finished steps) at {@code progress}, the fraction
     * of the run done.
     */
    public void update(long step, double progress, LossParts.Values loss, double viewsPerSecond) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta;
        if (budgetSeconds > 0) {
            eta = Math.max(0, (1 - progress) * budgetSeconds);
        } else {
            long done = step - startStep;
            eta = done > 0 ? elapsed / done * (total - step) : 0;
        }
        String position =
                budgetSeconds > 0
                        ? String.format(Locale.ROOT, "step %d (%.0f%%)", step, 100 * progress)
                        : String.format(Locale.ROOT, "step %d/%d", step, total);
        String text =
                String.format(
                        Locale.ROOT,
                        "%s  %s  %.1f views/s  ETA %s",
                        position,
                        loss(loss),
                        viewsPerSecond,
                        format(eta));
        boolean end = progress >= 1;
        if (terminal) {
            int filled = (int) Math.min(WIDTH, WIDTH * progress);
            out.print(
                    "\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + text + "   ");
            if (end) {
                out.println();
            }
            out.flush();
        } else {
            int twentieth = (int) Math.floor(20 * progress);
            if (step == startStep + 1 || end || twentieth > lastLogged) {
                lastLogged = twentieth;
                LOG.info(text);
            }
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
