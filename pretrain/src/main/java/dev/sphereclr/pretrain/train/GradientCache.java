package dev.sphereclr.pretrain.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.sphereclr.pretrain.method.ContrastiveMethod;
import dev.sphereclr.pretrain.method.LossParts;
import dev.sphereclr.pretrain.method.Objective;
import dev.sphereclr.pretrain.nn.RunningStatistics;
import java.util.ArrayList;
import java.util.List;

/**
 * A step's gradients over a batch in chunks of C images, by gradient caching (Gao et al. 2021,
 * arXiv:2101.06983):
 *
 * <ol>
 *   <li>every chunk through the trained model without gradients, keeping only its projections; the
 *       batch-norm running statistics this pass moved are put back;
 *   <li>the whole batch's loss on the gathered projections \( Z \) (every negative of every view,
 *       the SEC on every norm), and its gradient \( \partial L / \partial Z \): for SimCLR's
 *       NT-Xent computed in blocks of rows ({@code BlockwiseNtXent}), so that no 2N x 2N matrix is
 *       held, by autograd otherwise (multi-crop, MoCo v2);
 *   <li>every chunk again with gradients, back-propagating its rows of that gradient; the
 *       parameters' gradients add up over the chunks.
 * </ol>
 *
 * <p>Only values cross between chunks, never graphs, so memory holds one chunk's activations. The
 * gradients equal those of one loss over the projections of chunks that each ran forward with
 * gradients (batch norm per chunk, as data-parallel training without SyncBN), and the running
 * statistics move once per chunk, as they would there.
 */
final class GradientCache {

    private final Objective objective;
    private final Replicas replicas;
    private final int chunk;
    private NDArray gradient;
    private NDList views;

    /**
     * @param objective the loss
     * @param replicas the trained model and its copies on other devices; chunk k runs on replica
     *     {@code k mod R}
     * @param chunk images per chunk, a divisor of the batch size
     */
    GradientCache(Objective objective, Replicas replicas, int chunk) {
        this.objective = objective;
        this.replicas = replicas;
        this.chunk = chunk;
    }

    /**
     * Phases 1 and 2: the batch's loss and the gradient of its projections, kept for {@link
     * #backward}.
     *
     * @param scope the step's scope, which holds the kept gradient
     */
    LossParts loss(NDList batchViews, long step, double progress, NDManager scope) {
        ContrastiveMethod method = objective.method();
        int n = (int) batchViews.get(0).getShape().get(0);
        NDList projections = new NDList();
        List<RunningStatistics> statistics = new ArrayList<>();
        for (int r = 0; r < replicas.size(); r++) {
            statistics.add(RunningStatistics.keep(replicas.model(r), scope));
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int k = 0; k < n / chunk; k++) {
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray z = project(method, batchViews, k, chunkScope);
                    NDArray first = z.toDevice(batchViews.get(0).getDevice(), false);
                    first.attach(scope);
                    projections.add(first);
                }
            }
            method.endPass();
        } finally {
            JniUtils.setGradMode(gradMode);
            statistics.forEach(RunningStatistics::close);
        }
        NDArray z = gather(projections, n);
        projections.close();
        Objective.Gradient g = objective.gradient(z, batchViews, step, progress);
        gradient = g.gradient();
        gradient.attach(scope);
        views = batchViews;
        return g.parts();
    }

    /** Phase 3: every chunk forward with gradients and back with its rows of the gradient. */
    void backward(NDManager scope) {
        ContrastiveMethod method = objective.method();
        int n = (int) views.get(0).getShape().get(0);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            for (int k = 0; k < n / chunk; k++) {
                try (NDManager chunkScope = scope.newSubManager()) {
                    NDArray z = project(method, views, k, chunkScope);
                    NDArray rows = rowsOf(gradient, k, n);
                    rows.attach(chunkScope);
                    NDArray g = rows.toDevice(z.getDevice(), false);
                    g.attach(chunkScope);
                    JniUtils.backward((PtNDArray) z, (PtNDArray) g, false, false);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        gradient = null;
        views = null;
    }

    /** The projections of chunk {@code k} by its replica, on that replica's device. */
    private NDArray project(ContrastiveMethod method, NDList batchViews, int k, NDManager into) {
        int r = k % replicas.size();
        NDList part = new NDList(batchViews.size());
        for (NDArray view : batchViews) {
            NDArray rows = view.get(new NDIndex(k * chunk + ":" + (k + 1) * chunk));
            rows.attach(into);
            NDArray moved = rows.toDevice(replicas.device(r), false);
            moved.attach(into);
            part.add(moved);
        }
        return method.project(replicas.model(r), replicas.store(r), part);
    }

    /** The chunks' projections as the whole batch's, view-major: each group's rows in order. */
    private NDArray gather(NDList parts, int n) {
        long groups = parts.get(0).getShape().get(0) / chunk;
        NDList rows = new NDList();
        for (int g = 0; g < groups; g++) {
            for (NDArray part : parts) {
                rows.add(part.get(new NDIndex(g * chunk + ":" + (g + 1) * chunk)));
            }
        }
        NDArray whole = NDArrays.concat(rows, 0);
        rows.close();
        return whole;
    }

    /** The rows of chunk {@code k} in a view-major array over {@code n} images. */
    private NDArray rowsOf(NDArray batch, int k, int n) {
        long groups = batch.getShape().get(0) / n;
        NDList rows = new NDList();
        for (int g = 0; g < groups; g++) {
            long from = (long) g * n + (long) k * chunk;
            rows.add(batch.get(new NDIndex(from + ":" + (from + chunk))));
        }
        NDArray mine = NDArrays.concat(rows, 0);
        rows.close();
        return mine;
    }
}
