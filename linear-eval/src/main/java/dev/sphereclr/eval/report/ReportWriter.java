package dev.sphereclr.eval.report;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.pretrain.watch.MetricsRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.json} (everything, for programs), {@code report.md} (the figures, for
 * people), and {@code report.html} (the same with charts) into a folder, plus the charts as PNG
 * files under {@code charts/}.
 */
public final class ReportWriter {

    private ReportWriter() {}

    /**
     * Writes the three reports of {@code report} into {@code folder}, with {@code pictures} (the
     * retrieval picture, by file name) among the charts.
     */
    public static void write(EvalReport report, Path folder, Map<String, byte[]> pictures)
            throws IOException {
        Files.createDirectories(folder.resolve("charts"));
        Json.write(folder.resolve("report.json"), report);
        Map<String, byte[]> charts = new LinkedHashMap<>();
        if (classified(report)) {
            charts.put("per-class.png", Charts.perClass(report.classes, report.perClassAccuracy));
            charts.put("confusion.png", Charts.confusion(report.classes, report.confusionMatrix));
        }
        if (report.pretrainRuns != null && !report.pretrainRuns.isEmpty()) {
            List<Path> runs = report.pretrainRuns.stream().map(Path::of).toList();
            List<String> names = runs.stream().map(ReportWriter::runName).toList();
            charts.putAll(pretrainCurves(runs, names));
        }
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            Files.write(folder.resolve("charts").resolve(e.getKey()), e.getValue());
        }
        for (Map.Entry<String, byte[]> e : pictures.entrySet()) {
            Files.write(folder.resolve("charts").resolve(e.getKey()), e.getValue());
        }
        Json.writeString(folder.resolve("report.md"), markdown(report));
        Json.writeString(
                folder.resolve("report.html"), html(report, charts, pictures.get("retrieval.png")));
    }

    /** Whether the report classified (kNN and probe); not with disjoint train and test classes. */
    private static boolean classified(EvalReport report) {
        return report.perClassAccuracy != null;
    }

    /** Loss, norm-mean and norm-variance curves of pretraining runs from their metrics.csv. */
    public static Map<String, byte[]> pretrainCurves(List<Path> runs, List<String> names)
            throws IOException {
        List<double[][]> loss = new ArrayList<>();
        List<double[][]> mean = new ArrayList<>();
        List<double[][]> variance = new ArrayList<>();
        for (Path run : runs) {
            Path csv = run.resolve("metrics.csv");
            if (!Files.isRegularFile(csv)) {
                throw new IOException(run + ": no metrics.csv (is it a pretraining run folder?)");
            }
            List<double[]> l = new ArrayList<>();
            List<double[]> m = new ArrayList<>();
            List<double[]> v = new ArrayList<>();
            for (MetricsRow row : MetricsRow.readAll(csv)) {
                // The method's part, comparable with and without a regularizer.
                l.add(new double[] {row.step(), row.contrastive()});
                m.add(new double[] {row.step(), row.normMean()});
                v.add(new double[] {row.step(), row.normVariance()});
            }
            loss.add(l.toArray(new double[0][]));
            mean.add(m.toArray(new double[0][]));
            variance.add(v.toArray(new double[0][]));
        }
        Map<String, byte[]> charts = new LinkedHashMap<>();
        charts.put(
                "loss.png",
                Charts.curves(
                        "The method's loss, without the regularizer's term (SEC or L2)",
                        "loss",
                        names,
                        loss,
                        false));
        charts.put(
                "norm-mean.png",
                Charts.curves("Mean norm of the projections z", "mean ||z||", names, mean, false));
        charts.put(
                "norm-variance.png",
                Charts.curves(
                        "Variance of the norms of z (SEC's diagnostic)",
                        "var ||z||",
                        names,
                        variance,
                        true));
        return charts;
    }

    /** A run's name for a chart legend: its folder name. */
    static String runName(Path run) {
        Path name = run.toAbsolutePath().normalize().getFileName();
        return name == null ? run.toString() : name.toString();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String markdown(EvalReport r) {
        if (!classified(r)) {
            return "# Retrieval evaluation: "
                    + r.encoder
                    + "\n\n"
                    + r.dataset
                    + " ("
                    + r.data
                    + "), "
                    + r.testImages
                    + " test images of classes unseen in training\n"
                    + RetrievalText.markdown(r.retrieval);
        }
        StringBuilder s = new StringBuilder();
        s.append("# Linear evaluation: ").append(r.encoder).append("\n\n");
        if (!r.compared.isEmpty()) {
            s.append("| encoder | kNN top-1 | linear top-1 |\n|---|---:|---:|\n");
            for (EvalReport.Compared c : r.compared) {
                s.append("| ")
                        .append(c.name)
                        .append(" | ")
                        .append(pct(c.knnTop1))
                        .append(" | ")
                        .append(pct(c.top1))
                        .append(" |\n");
            }
            s.append("| **")
                    .append(r.name != null ? r.name : r.encoder)
                    .append("** | **")
                    .append(pct(r.knnTop1))
                    .append("** | **")
                    .append(pct(r.top1))
                    .append("** |\n\n");
        }
        s.append("| | |\n|---|---|\n");
        s.append("| dataset | ").append(r.dataset).append(" (").append(r.data).append(") |\n");
        s.append("| images | ")
                .append(r.trainImages)
                .append(" train, ")
                .append(r.testImages)
                .append(" test |\n");
        s.append("| protocol | ")
                .append(r.protocol)
                .append(", seed ")
                .append(r.seed)
                .append(" |\n");
        s.append("| linear probe top-1 | **").append(pct(r.top1)).append("** |\n");
        s.append("| linear probe top-5 | ").append(pct(r.top5)).append(" |\n");
        s.append("| kNN top-1 (k ")
                .append(r.knnK)
                .append(", T ")
                .append(r.knnTemperature)
                .append(") | ")
                .append(pct(r.knnTop1))
                .append(" |\n");
        s.append("| kNN top-5 | ").append(pct(r.knnTop5)).append(" |\n");
        s.append("| wall time | ")
                .append(
                        String.format(
                                Locale.ROOT,
                                "%.1f s (features %.1f s%s)",
                                r.wallSeconds,
                                r.featureSeconds,
                                r.featuresFromCache ? ", from cache" : ""))
                .append(" |\n");
        if (!r.protocolChoices.isEmpty()) {
            s.append("| choices | ").append(r.protocolChoices).append(" |\n");
        }
        s.append("\n## Per-class top-1\n\n| class | top-1 |\n|---|---|\n");
        for (int c = 0; c < r.classes.size(); c++) {
            s.append("| ")
                    .append(r.classes.get(c))
                    .append(" | ")
                    .append(pct(r.perClassAccuracy[c]))
                    .append(" |\n");
        }
        s.append("\n## Confusion matrix (rows: true class, columns: predicted)\n\n| |");
        for (int c = 0; c < r.classes.size(); c++) {
            s.append(" ").append(c).append(" |");
        }
        s.append("\n|---|");
        s.append("---|".repeat(r.classes.size())).append("\n");
        for (int t = 0; t < r.classes.size(); t++) {
            s.append("| ").append(t).append(" ").append(r.classes.get(t)).append(" |");
            for (int p = 0; p < r.classes.size(); p++) {
                s.append(" ").append(r.confusionMatrix[t][p]).append(" |");
            }
            s.append("\n");
        }
        s.append("\nProtocol settings: `")
                .append(Json.GSON.toJson(r.protocolSettings).replaceAll("\\s+", " "))
                .append("`\n");
        if (r.retrieval != null) {
            s.append(RetrievalText.markdown(r.retrieval));
        }
        return s.toString();
    }

    static String html(EvalReport r, Map<String, byte[]> charts, byte[] retrievalPicture) {
        StringBuilder s = new StringBuilder();
        s.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>SphereCLR evaluation: ")
                .append(escape(r.encoder))
                .append(
                        "</title>\n<style>body{font-family:sans-serif;max-width:1100px;"
                                + "margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                                + "padding:4px 10px;text-align:left}img{max-width:100%;display:block;margin:1em 0}"
                                + ".big{font-size:1.4em;font-weight:bold}"
                                + ".answer td,.answer th{font-size:1.2em;padding:6px 16px}"
                                + ".answer td+td{text-align:right}.this{font-weight:bold}"
                                + "</style></head><body>\n");
        s.append(
                        classified(r)
                                ? "<h1>Linear evaluation</h1>\n<p>"
                                : "<h1>Retrieval evaluation</h1>\n<p>")
                .append(escape(r.encoder))
                .append(" on ")
                .append(escape(r.dataset))
                .append(" (")
                .append(escape(r.data))
                .append(")</p>\n");
        if (!r.compared.isEmpty()) {
            s.append("<table class=\"answer\">\n<tr><th>encoder</th><th>kNN top-1</th>")
                    .append("<th>linear top-1</th></tr>\n");
            for (EvalReport.Compared c : r.compared) {
                s.append("<tr><td>")
                        .append(escape(c.name))
                        .append("</td><td>")
                        .append(pct(c.knnTop1))
                        .append("</td><td>")
                        .append(pct(c.top1))
                        .append("</td></tr>\n");
            }
            s.append("<tr class=\"this\"><td>")
                    .append(escape(r.name != null ? r.name : r.encoder))
                    .append("</td><td>")
                    .append(pct(r.knnTop1))
                    .append("</td><td>")
                    .append(pct(r.top1))
                    .append("</td></tr>\n</table>\n<h2>This encoder</h2>\n");
        }
        s.append("<table>\n");
        if (classified(r)) {
            row(s, "linear probe top-1", "<span class=\"big\">" + pct(r.top1) + "</span>");
            row(s, "linear probe top-5", pct(r.top5));
            row(s, "kNN top-1 (k " + r.knnK + ", T " + r.knnTemperature + ")", pct(r.knnTop1));
            row(s, "kNN top-5", pct(r.knnTop5));
        }
        row(s, "protocol", escape(r.protocol) + ", seed " + r.seed);
        row(
                s,
                "images",
                classified(r)
                        ? r.trainImages + " train, " + r.testImages + " test"
                        : r.testImages
                                + " test images of "
                                + r.classes.size()
                                + " classes unseen in training");
        row(s, "wall time", String.format(Locale.ROOT, "%.1f s", r.wallSeconds));
        s.append("</table>\n");
        if (r.retrieval != null) {
            s.append(RetrievalText.html(r.retrieval, retrievalPicture));
        }
        for (Map.Entry<String, byte[]> e : charts.entrySet()) {
            s.append("<img alt=\"")
                    .append(e.getKey())
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(e.getValue()))
                    .append("\">\n");
        }
        if (r.manifest != null) { // none when the features came from embed's tables
            s.append("<h2>Encoder manifest</h2>\n<pre>")
                    .append(escape(Json.GSON.toJson(r.manifest)))
                    .append("</pre>\n");
        }
        s.append("</body></html>\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String k, String v) {
        s.append("<tr><th>").append(k).append("</th><td>").append(v).append("</td></tr>\n");
    }

    private static String escape(String text) {
        return text == null
                ? ""
                : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
