package dev.sphereclr.eval.report;

import java.util.Base64;
import java.util.Locale;

/** The retrieval section of {@code report.md} and {@code report.html}. */
final class RetrievalText {

    private RetrievalText() {}

    static String markdown(RetrievalSection r) {
        StringBuilder s = new StringBuilder("\n## Retrieval\n\n|");
        for (int k : r.recallAt) {
            s.append(" R@").append(k).append(" |");
        }
        s.append(" NMI | F1 |\n|").append("---:|".repeat(r.recallAt.length + 2)).append("\n|");
        for (double v : r.recall) {
            s.append(' ').append(pct(v)).append(" |");
        }
        s.append(' ').append(pct(r.nmi)).append(" | ").append(pct(r.f1)).append(" |\n\n");
        s.append(notes(r)).append('\n');
        return s.toString();
    }

    static String html(RetrievalSection r, byte[] picture) {
        StringBuilder s = new StringBuilder("<h2>Retrieval</h2>\n<table class=\"answer\"><tr>");
        for (int k : r.recallAt) {
            s.append("<th>R@").append(k).append("</th>");
        }
        s.append("<th>NMI</th><th>F1</th></tr>\n<tr>");
        for (double v : r.recall) {
            s.append("<td>").append(pct(v)).append("</td>");
        }
        s.append("<td>")
                .append(pct(r.nmi))
                .append("</td><td>")
                .append(pct(r.f1))
                .append("</td></tr>\n</table>\n<p>")
                .append(notes(r))
                .append("</p>\n");
        if (picture != null) {
            s.append("<p>Queries (blue) and what they retrieved first, best first: green shares")
                    .append(" the query's class, red does not.</p>\n<img alt=\"retrieval\" src=\"")
                    .append("data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(picture))
                    .append("\">\n");
        }
        return s.toString();
    }

    private static String notes(RetrievalSection r) {
        return String.format(
                Locale.ROOT,
                "%d queries: %s.%s NMI and F1 of k-means with %d clusters (one per test class), best"
                        + " of %d seeded restarts (seed %d), on L2-normalized features.",
                r.queries,
                r.protocol,
                r.queriesWithoutPositive == 0
                        ? ""
                        : " " + r.queriesWithoutPositive + " left out: alone in their class.",
                r.clusters,
                r.kmeansRestarts,
                r.kmeansSeed);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
