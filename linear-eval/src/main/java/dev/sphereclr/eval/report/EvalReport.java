package dev.sphereclr.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything an evaluation found, as written to {@code report.json}. */
public final class EvalReport {

    /** Another encoder's numbers on the same data, shown beside these (the floor, other arms). */
    public static final class Compared {
        public String name;
        public double knnTop1;
        public double top1;

        /** {@code report}'s numbers under {@code name}. */
        public static Compared of(String name, EvalReport report) {
            Compared c = new Compared();
            c.name = name;
            c.knnTop1 = report.knnTop1;
            c.top1 = report.top1;
            return c;
        }
    }

    /** The name this encoder has in the comparison ({@link #compared}); the encoder if unset. */
    public String name;

    /** The encoders this one is compared with, shown first, this one last. */
    public List<Compared> compared = new ArrayList<>();

    public String encoder;

    /** What was measured: {@code encoder} (its features) or {@code head} (the projection's). */
    public String embedding;

    public Object manifest;
    public String dataset;
    public String data;
    public int trainImages;
    public int testImages;
    public List<String> classes;
    public String protocol;
    public Object protocolSettings;
    public Map<String, Object> protocolChoices = new LinkedHashMap<>();
    public double top1;
    public double top5;
    public double knnTop1;
    public double knnTop5;
    public int knnK;
    public double knnTemperature;

    /** The seed of the floor's initialization and of the probe. */
    public long seed;

    public double[] perClassAccuracy;
    public int[][] confusionMatrix;
    public double featureSeconds;
    public double wallSeconds;
    public boolean featuresFromCache;
    public List<String> pretrainRuns;
    public Map<String, Object> versions;

    /** Retrieval among the test images ({@code --retrieval}), or null. */
    public RetrievalSection retrieval;
}
