package dev.sphereclr.pretrain.train;

import com.google.common.math.Quantiles;
import java.util.ArrayList;
import java.util.List;

/** What the summary needs of the steps: every step's speed, the last logged loss and variance. */
final class RunTally implements StepListener {

    private final List<Double> speeds = new ArrayList<>();
    private double loss = Double.NaN;
    private double normVariance = Double.NaN;

    @Override
    public void afterStep(StepEvent e) {
        speeds.add(e.viewsPerSecond());
        if (e.logged()) {
            loss = e.values().total();
            normVariance = e.values().normVariance();
        }
    }

    /** The total loss of the last logged step (NaN before any). */
    double loss() {
        return loss;
    }

    /** The norm variance of the last logged step (NaN before any). */
    double normVariance() {
        return normVariance;
    }

    /** The median views per second over the steps of this process (NaN before any). */
    double medianSpeed() {
        return speeds.isEmpty() ? Double.NaN : Quantiles.median().compute(speeds);
    }
}
