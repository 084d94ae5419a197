package dev.sphereclr.eval.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything an evaluation found, as written to {@code report.json}. */
public final class EvalReport {
    public String encoder;
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
    public double[] perClassAccuracy;
    public int[][] confusionMatrix;
    public double featureSeconds;
    public double wallSeconds;
    public boolean featuresFromCache;
    public List<String> pretrainRuns;
    public Map<String, Object> versions;
}
