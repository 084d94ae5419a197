package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one forward pass: the total loss to differentiate, and its named parts kept on the
 * device until someone {@link #read}s them (a host read stalls a GPU's queue).
 *
 * @param total the contrastive loss + each regularizer's weight times its penalty, with a graph
 * @param parts detached: the contrastive loss, each regularizer's unweighted penalty in the order
 *     of {@code names}, then the mean and the population variance of the projections' norms
 * @param names the regularizers' names
 * @param weights each regularizer's weight at this step
 */
public record LossParts(NDArray total, NDArray parts, List<String> names, double[] weights) {

    /**
     * The parts of a loss as numbers, read by name.
     *
     * @param contrastive the NT-Xent or InfoNCE part
     * @param penalties each regularizer's unweighted penalty, by name
     * @param weights each regularizer's weight at this step, by name
     * @param normMean mean of the norms of the raw projections z
     * @param normVariance population variance of those norms
     */
    public record Values(
            double contrastive,
            Map<String, Double> penalties,
            Map<String, Double> weights,
            double normMean,
            double normVariance) {

        /** The loss the optimizer saw: contrastive + each weight times its penalty. */
        public double total() {
            double total = contrastive;
            for (Map.Entry<String, Double> w : weights.entrySet()) {
                if (w.getValue() != 0) {
                    total += w.getValue() * penalties.get(w.getKey());
                }
            }
            return total;
        }

        /** The unweighted penalty of regularizer {@code name}, NaN where the run has none. */
        public double penalty(String name) {
            return penalties.getOrDefault(name, Double.NaN);
        }

        /** The weight of regularizer {@code name} at this step, 0 where the run has none. */
        public double weight(String name) {
            return weights.getOrDefault(name, 0.0);
        }

        /** Whether every part is a finite number. */
        public boolean finite() {
            return Double.isFinite(contrastive)
                    && penalties.values().stream().allMatch(Double::isFinite)
                    && Double.isFinite(normMean);
        }
    }

    /** The parts as numbers: one read from the device. */
    public Values read() {
        double[] v;
        try (NDArray doubles = parts.toType(DataType.FLOAT64, true)) {
            v = doubles.toDoubleArray();
        }
        Map<String, Double> penalties = new LinkedHashMap<>();
        Map<String, Double> weightsByName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            penalties.put(names.get(i), v[1 + i]);
            weightsByName.put(names.get(i), weights[i]);
        }
        int n = names.size();
        return new Values(v[0], penalties, weightsByName, v[1 + n], v[2 + n]);
    }
}
