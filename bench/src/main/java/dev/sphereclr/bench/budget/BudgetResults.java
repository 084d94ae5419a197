package dev.sphereclr.bench.budget;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.eval.report.Charts;
import dev.sphereclr.eval.report.ReportWriter;
import dev.sphereclr.pretrain.watch.MetricsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a budget experiment found: results.json as a class, results.md and the charts. */
public final class BudgetResults {

    public double minutes;

    /** Steps per arm when the budget was steps, not minutes (0: minutes). */
    public long stepsPerArm;

    public String schedule;
    public int threadsPerArm;
    public String dataset;
    public String data;
    public List<String> pretrainArgs;
    public double secWeight;
    public long seed;
    public List<Arm> arms = new ArrayList<>();
    public Map<String, Object> versions;
    public String allocator;
    public String peer;
    public String finished;

    /** One arm's outcome, as results.json holds it. */
    public static final class Arm {
        public String name;
        public String encoder;
        public long steps;
        public double epochs;
        public double pretrainMinutes;
        public double viewsPerSecond;

        /** Contrastive loss at the end (without the SEC term), mean over the last 5% of steps. */
        public double finalLoss;

        public double finalNormVariance;
        public double linearTop1;
        public double linearTop5;
        public double knnTop1;
        public double knnTop5;
        public String report;

        /** Training images of the evaluation (not written to results.json). */
        transient int trainImages;
    }

    /**
     * Mean contrastive loss (without the SEC term, so that both arms compare) and norm variance
     * over the last 5% of a run's logged steps (at least one step).
     */
    static double[] tailMeans(Path metrics) throws IOException {
        List<MetricsRow> rows = MetricsRow.readAll(metrics);
        if (rows.isEmpty()) {
            throw new IOException(metrics + ": no steps recorded");
        }
        int tail = Math.max(1, rows.size() / 20);
        double loss = 0;
        double variance = 0;
        for (MetricsRow row : rows.subList(rows.size() - tail, rows.size())) {
            loss += row.contrastive();
            variance += row.normVariance();
        }
        return new double[] {loss / tail, variance / tail};
    }

    /**
     * Writes results.json, results.md and the charts into {@code out}; the curves are those of the
     * pretraining runs in {@code runFolders}, named {@code runNames}.
     */
    void write(List<Path> runFolders, List<String> runNames, Path out) throws IOException {
        BudgetResults results = this;
        Json.write(out.resolve("results.json"), results);
        List<String> names = new ArrayList<>();
        double[][] accuracy = new double[2][results.arms.size()];
        for (int i = 0; i < results.arms.size(); i++) {
            Arm a = results.arms.get(i);
            names.add(a.name);
            accuracy[0][i] = a.linearTop1;
            accuracy[1][i] = a.knnTop1;
        }
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put(
                "accuracy.png",
                Charts.bars(
                        results.dataset + " top-1 after " + results.budget() + " of pretraining",
                        names,
                        List.of("linear probe", "kNN"),
                        accuracy));
        charts.putAll(ReportWriter.pretrainCurves(runFolders, runNames));
        for (Map.Entry<String, byte[]> c : charts.entrySet()) {
            Files.write(out.resolve(c.getKey()), c.getValue());
        }
        Json.writeString(out.resolve("results.md"), markdown(results, charts.keySet()));
    }

    /** The budget of each arm, in words: "15 minutes" or "1200 steps". */
    String budget() {
        return stepsPerArm > 0
                ? stepsPerArm + " steps"
                : String.format(Locale.ROOT, "%.4g minutes", minutes);
    }

    /** A table cell: the value formatted, or empty where the arm does not report it. */
    private static String cell(String format, double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, format, value);
    }

    static String markdown(BudgetResults r, Iterable<String> charts) {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "# Budget experiment: %s of pretraining per arm (%s, %d PyTorch thread(s)"
                                + " each)\n\n",
                        r.budget(),
                        r.schedule,
                        r.threadsPerArm));
        s.append("Dataset: ").append(r.dataset).append(" (").append(r.data).append(")  \n");
        s.append("Pretraining options: `")
                .append(String.join(" ", r.pretrainArgs))
                .append("`, SEC weight ")
                .append(r.secWeight)
                .append(", seed ")
                .append(r.seed)
                .append("  \n");
        s.append("Allocator: ").append(r.allocator).append("\n\n");
        if (r.peer != null && !r.peer.equals("none")) {
            s.append(
                    "The pytorch-* rows are the PyTorch peer (`"
                            + r.peer
                            + "`): the same network, width and batch, with its own optimizer and"
                            + " temperature, probe and kNN, on the same images.\n\n");
        }
        if (r.arms.stream().anyMatch(a -> a.name.endsWith("-l2"))) {
            s.append(
                    "The -l2 arm is the L2-norm ablation: the SEC term with mu = 0, every norm"
                            + " pulled toward zero rather than toward the batch mean.\n\n");
        }
        s.append(
                "| encoder | steps | epochs | views/s | linear top-1 | linear top-5 | kNN top-1 |"
                        + " final contrastive loss | final var ‖z‖ |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Arm a : r.arms) {
            boolean floor = a.steps == 0;
            s.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                            a.name,
                            floor ? "0" : Long.toString(a.steps),
                            floor ? "0" : String.format(Locale.ROOT, "%.2f", a.epochs),
                            floor ? "" : String.format(Locale.ROOT, "%.0f", a.viewsPerSecond),
                            cell("%.2f%%", 100 * a.linearTop1),
                            cell("%.2f%%", 100 * a.linearTop5),
                            cell("%.2f%%", 100 * a.knnTop1),
                            floor ? "" : cell("%.4f", a.finalLoss),
                            floor ? "" : cell("%.4g", a.finalNormVariance)));
        }
        s.append(
                "\nFinal contrastive loss (NT-Xent without the SEC term) and norm variance are means"
                        + " over the last 5% of steps. Linear probe:"
                        + " the fast protocol (logistic regression on standardized frozen features)."
                        + " kNN: weighted, k 200, T 0.1.\n\n");
        for (String chart : charts) {
            s.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        return s.toString();
    }
}
