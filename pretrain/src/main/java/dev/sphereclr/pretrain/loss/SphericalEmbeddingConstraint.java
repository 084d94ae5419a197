package dev.sphereclr.pretrain.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.sphereclr.encoder.settings.LegalRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * #restore} carry it through checkpoints. Everything stays on the device: the statistics are read
 * only when someone asks for them.
 */
public final class SphericalEmbeddingConstraint implements Regularizer {

    private static final Logger LOG = LoggerFactory.getLogger(SphericalEmbeddingConstraint.class);

    /** The checkpoint file of the moving mean. */
    static final String STATE_FILE = "sec-moving-mean.txt";

    /** What the norms are pulled towards. */
    public enum Target {
        /** The (moving) mean norm: the SEC. */
        MEAN,
        /** Zero: a plain L2-norm penalty, the paper's ablation. */
        ZERO
    }

    /**
     * One evaluation; every array but {@code loss} is detached, on the device of the embeddings.
     *
     * @param loss the scalar penalty (unweighted)
     * @param mu the target radius used
     * @param normMean mean of the batch's norms
     * @param normVariance population variance of the batch's norms
     */
    public record Result(NDArray loss, NDArray mu, NDArray normMean, NDArray normVariance) {}

    private final Target target;
    private final double momentum;

    /** Legal weights \( \eta \) of the constraint. */
    public static final String WEIGHT = "[0, 100]";

    /** Legal weights of the current batch in the moving mean. */
    public static final String MOMENTUM = "(0, 1]";

    // The moving mean outlives the step that made it: it lives in a manager of its own.
    private NDManager state;
    private NDArray movingMean;
    private double restored = Double.NaN;

    /**
     * @param target MEAN for the SEC, ZERO for the L2 ablation
     * @param momentum weight of the current batch in the moving mean, in {@link #MOMENTUM}; 1 uses
     *     the batch mean alone
     */
    public SphericalEmbeddingConstraint(Target target, double momentum) {
        LegalRange.of(MOMENTUM).check("SEC momentum", momentum);
        this.target = target;
        this.momentum = momentum;
    }

    /** The SEC with the batch mean as target. */
    public static SphericalEmbeddingConstraint batchMean() {
        return new SphericalEmbeddingConstraint(Target.MEAN, 1.0);
    }

    /** The moving mean so far (NaN before the first batch); a read from the device. */
    public double movingMean() {
        if (movingMean == null) {
            return restored;
        }
        try (NDArray value = movingMean.toType(DataType.FLOAT64, true)) {
            return value.getDouble();
        }
    }

    /** Sets the moving mean, as a checkpoint recorded it. */
    public void restore(double value) {
        close();
        this.restored = value;
    }

    /**
     * Evaluates the penalty on {@code f} and advances the moving mean.
     *
     * @param f {@code N x D} raw embeddings
     */
    public Result compute(NDArray f) {
        NDArray norms = Embeddings.rowNorms(f);
        NDArray values = norms.stopGradient();
        NDArray mean = values.mean();
        NDArray variance = values.sub(mean).square().mean();
        NDArray mu;
        if (target == Target.ZERO) {
            mu = GraphConstants.scalar(norms, 0);
        } else {
            NDArray previous = previous(values);
            mu =
                    previous == null || momentum == 1
                            ? mean
                            : previous.mul(GraphConstants.scalar(mean, 1 - momentum))
                                    .add(mean.mul(GraphConstants.scalar(mean, momentum)));
            if (state == null) {
                state = NDManager.newBaseManager(f.getDevice());
            }
            NDArray next = mu.duplicate();
            next.attach(state);
            if (movingMean != null) {
                movingMean.close();
            }
            movingMean = next;
        }
        NDArray loss = norms.sub(mu).square().mean();
        return new Result(loss, mu, mean, variance);
    }

    /** The moving mean so far as an array in the scope of {@code like}, or null before any. */
    private NDArray previous(NDArray like) {
        if (movingMean != null) {
            NDArray copy = movingMean.duplicate();
            copy.attach(like.getManager());
            return copy;
        }
        return Double.isNaN(restored) ? null : GraphConstants.scalar(like, restored);
    }

    /** {@code sec}, for either target: the L2 ablation takes SEC's place in a run. */
    @Override
    public String name() {
        return "sec";
    }

    @Override
    public NDArray penalty(NDArray projections) {
        return compute(projections).loss();
    }

    @Override
    public void saveState(Path dir) throws IOException {
        Files.writeString(dir.resolve(STATE_FILE), Double.toString(movingMean()));
    }

    @Override
    public void loadState(Path dir) throws IOException {
        Path file = dir.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            // A MoCo checkpoint of session 10 or before kept it elsewhere: start from the batch.
            LOG.warn("{} has no {}: SEC's moving mean starts again", dir, STATE_FILE);
            restore(Double.NaN);
            return;
        }
        String text = Files.readString(file).strip();
        try {
            restore(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new IOException(file + ": not SEC's moving mean: '" + text + "'", e);
        }
    }

    /** Frees the moving mean's array (the value is gone until {@link #restore} or a batch). */
    @Override
    public void close() {
        if (state != null) {
            state.close();
            state = null;
        }
        movingMean = null;
    }
}
