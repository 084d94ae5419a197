package dev.sphereclr.pretrain.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.loss.BlockwiseNtXent;
import dev.sphereclr.pretrain.loss.Embeddings;
import dev.sphereclr.pretrain.loss.GraphConstants;
import dev.sphereclr.pretrain.loss.Regularizer;
import dev.sphereclr.pretrain.optim.WeightSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The loss a step minimizes, composed once for every method: \[ L = L_{\mathrm{contrastive}}(z) +
 * \sum_r \eta_r(t) \, R_r(z) \] with \( z \) the method's raw projections, \( R_r \) each {@link
 * Regularizer} (the SEC, its L2 ablation) and \( \eta_r(t) \) its {@link WeightSchedule} at the
 * step. A method computes only its contrastive loss; it does not know what is added.
 *
 * <p>Every penalty is evaluated and reported, also at weight 0, and the norms of \( z \) (the SEC's
 * diagnostic) always are.
 */
public final class Objective implements AutoCloseable {

    /**
     * One regularizer and its weight over the run.
     *
     * @param regularizer the penalty
     * @param weight its schedule
     */
    public record Term(Regularizer regularizer, WeightSchedule weight) {}

    private final ContrastiveMethod method;
    private final List<Term> terms;
    private final List<String> names = new ArrayList<>();

    /**
     * @param method the contrastive method
     * @param terms the regularizers, each with its weight (names must differ)
     */
    public Objective(ContrastiveMethod method, List<Term> terms) {
        this.method = method;
        this.terms = List.copyOf(terms);
        for (Term t : terms) {
            if (names.contains(t.regularizer().name())) {
                throw new IllegalArgumentException(
                        "two regularizers named " + t.regularizer().name());
            }
            names.add(t.regularizer().name());
        }
    }

    /** The regularizers' names, in order: their columns in metrics.csv. */
    public List<String> regularizers() {
        return List.copyOf(names);
    }

    /** The method. */
    public ContrastiveMethod method() {
        return method;
    }

    /**
     * The loss of one batch and its parts.
     *
     * @param step 0-based global step
     * @param progress the run's progress at the step, for the weights' schedules
     */
    public LossParts forward(ParameterStore store, NDList views, long step, double progress) {
        return loss(method.project(method.model(), store, views), views, step, progress);
    }

    /**
     * The loss of one batch from its projections, as {@link ContrastiveMethod#project} gives them
     * for the whole batch (with their graph), or gathered from its chunks (a leaf whose gradient
     * the chunks then take back).
     *
     * @param projections the batch's raw projections, view-major
     * @param views the batch's views
     * @param step 0-based global step
     * @param progress the run's progress at the step, for the weights' schedules
     */
    public LossParts loss(NDArray projections, NDList views, long step, double progress) {
        return compose(method.loss(projections, views, step), projections, progress);
    }

    /**
     * The loss parts of a batch and the gradient of its total with respect to the gathered
     * projections {@code z}, a leaf: the method's own gradient where it has one (no graph over the
     * batch's similarities), plus the regularizers' by autograd; autograd throughout otherwise.
     *
     * @param gradient the parts and \( \partial L / \partial z \)
     */
    public record Gradient(LossParts parts, NDArray gradient) {}

    /** {@link Gradient} of the batch whose projections are {@code z}. */
    public Gradient gradient(NDArray z, NDList views, long step, double progress) {
        BlockwiseNtXent.ValueAndGradient own = method.lossAndGradient(z, views, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            z.setRequiresGradient(true);
            LossParts parts =
                    own == null
                            ? loss(z, views, step, progress)
                            : compose(own.value(), z, progress);
            boolean graph = own == null || Arrays.stream(parts.weights()).anyMatch(w -> w > 0);
            NDArray gradient;
            if (graph) {
                collector.backward(parts.total());
                gradient = z.getGradient().duplicate();
                if (own != null) {
                    gradient.addi(own.gradient());
                }
            } else {
                gradient = own.gradient();
            }
            return new Gradient(parts, gradient);
        }
    }

    /** The total of a contrastive loss and the weighted regularizers of {@code projections}. */
    private LossParts compose(NDArray contrastive, NDArray projections, double progress) {
        NDArray total = contrastive;
        NDList parts = new NDList(contrastive.stopGradient());
        double[] weights = new double[terms.size()];
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            NDArray penalty = t.regularizer().penalty(projections);
            weights[i] = t.weight().at(progress);
            if (weights[i] > 0) {
                total = total.add(penalty.mul(GraphConstants.scalar(contrastive, weights[i])));
            }
            parts.add(penalty.stopGradient());
        }
        NDArray norms = Embeddings.rowNorms(projections.stopGradient());
        NDArray mean = norms.mean();
        parts.add(mean);
        parts.add(norms.sub(mean).square().mean());
        return new LossParts(total, NDArrays.stack(parts), names, weights);
    }

    /** The method's work after the optimizer's step. */
    public void afterStep(long step, double progress) {
        method.afterStep(step, progress);
    }

    /** Writes the method's and every regularizer's state into a checkpoint folder. */
    public void saveState(Path dir) throws IOException {
        method.saveState(dir);
        for (Term t : terms) {
            t.regularizer().saveState(dir);
        }
    }

    /** Restores what {@link #saveState} wrote. */
    public void loadState(Path dir) throws IOException {
        method.loadState(dir);
        for (Term t : terms) {
            t.regularizer().loadState(dir);
        }
    }

    @Override
    public void close() {
        method.close();
        terms.forEach(t -> t.regularizer().close());
    }
}
