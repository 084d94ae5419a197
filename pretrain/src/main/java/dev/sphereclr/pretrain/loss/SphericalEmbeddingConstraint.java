package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;

/**
 * The spherical embedding constraint (Zhang et al., NeurIPS 2020, arXiv:2011.02785): \[
 * L_{\mathrm{SEC}} = \frac{1}{N} \sum_i (\lVert f_i \rVert - \mu)^2 \] on the raw, un-normalized
 * embeddings, \( \mu \) a constant (no gradient through it). Angular losses leave the norms free to
 * drift apart; samples of small norm then get large, unstable updates. Pulling every embedding to
 * one radius fixes that; the variance of the norms is the diagnostic.
 *
 * <p>\( \mu \) is the batch mean of the norms ({@code momentum = 1}) or a moving average \( \mu_t =
 * (1 - m) \mu_{t-1} + m \bar{\lVert f \rVert} \) started at the first batch's mean. The ablation
 * the paper compares with, an L2-norm regularizer, is {@link Target#ZERO}: \( \mu = 0 \).
 *
 * <p>Stateful (the moving average): one instance per training run; {@link #movingMean()} and {@link
 * #restore} carry it through checkpoints.
 */
public final class SphericalEmbeddingConstraint {

    /** What the norms are pulled towards. */
    public enum Target {
        /** The (moving) mean norm: the SEC. */
        MEAN,
        /** Zero: a plain L2-norm penalty, the paper's ablation. */
        ZERO
    }

    /**
     * One evaluation.
     *
     * @param loss the scalar penalty (unweighted)
     * @param mu the target radius used
     * @param normMean mean of the batch's norms
     * @param normVariance population variance of the batch's norms
     */
    public record Result(NDArray loss, double mu, double normMean, double normVariance) {}

    private final Target target;
    private final double momentum;
    private double movingMean = Double.NaN;

    /**
     * @param target MEAN for the SEC, ZERO for the L2 ablation
     * @param momentum weight of the current batch in the moving mean, in (0, 1]; 1 uses the batch
     *     mean alone
     */
    public SphericalEmbeddingConstraint(Target target, double momentum) {
        if (!(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("SEC momentum must be in (0, 1], got " + momentum);
        }
        this.target = target;
        this.momentum = momentum;
    }

    /** The SEC with the batch mean as target. */
    public static SphericalEmbeddingConstraint batchMean() {
        return new SphericalEmbeddingConstraint(Target.MEAN, 1.0);
    }

    /** The moving mean so far (NaN before the first batch). */
    public double movingMean() {
        return movingMean;
    }

    /** Sets the moving mean, as a checkpoint recorded it. */
    public void restore(double movingMean) {
        this.movingMean = movingMean;
    }

    /**
     * Evaluates the penalty on {@code f} and advances the moving mean.
     *
     * @param f {@code N x D} raw embeddings
     */
    public Result compute(NDArray f) {
        NDArray norms = Embeddings.rowNorms(f);
        double[] values = toDoubles(norms.stopGradient());
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double variance = 0;
        for (double v : values) {
            variance += (v - mean) * (v - mean);
        }
        variance /= values.length;
        double mu;
        if (target == Target.ZERO) {
            mu = 0;
        } else {
            mu = Double.isNaN(movingMean) ? mean : (1 - momentum) * movingMean + momentum * mean;
            movingMean = mu;
        }
        NDArray loss = norms.sub(GraphConstants.scalar(norms, mu)).square().mean();
        return new Result(loss, mu, mean, variance);
    }

    private static double[] toDoubles(NDArray a) {
        return switch (a.getDataType()) {
            case FLOAT64 -> a.toDoubleArray();
            default -> {
                float[] f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                yield d;
            }
        };
    }
}
