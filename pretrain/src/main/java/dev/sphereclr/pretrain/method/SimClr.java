package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.loss.BlockwiseNtXent;
import dev.sphereclr.pretrain.loss.MultiCropNtXentLoss;
import dev.sphereclr.pretrain.loss.NtXentLoss;
import dev.sphereclr.pretrain.nn.RunningStatistics;
import dev.sphereclr.pretrain.nn.SslModel;
import java.nio.file.Path;

/**
 * SimCLR (Chen et al. 2020, arXiv:2002.05709): both views go through the encoder and head in one
 * batch of 2N (batch norm over all of it, as SimCLR's global BN on one device); the loss is NT-Xent
 * on the projections of both views; its raw projections go to the {@link Objective}'s regularizers.
 *
 * <p>With small crops (multi-crop, views 3 and on), the small views go through the network as a
 * batch of their own (their batch statistics are those of their size, and they leave the running
 * statistics, which evaluation uses, to the global views), and the loss is {@link
 * MultiCropNtXentLoss} over every view, and every view's projections go to the regularizers.
 */
public final class SimClr implements ContrastiveMethod {

    private final SslModel model;
    private final NtXentLoss ntXent;
    private final MultiCropNtXentLoss multiCrop;
    private final BlockwiseNtXent blockwise;
    private RunningStatistics kept;

    /**
     * @param model encoder and head
     * @param temperature NT-Xent temperature
     */
    public SimClr(SslModel model, double temperature) {
        this.model = model;
        this.ntXent = new NtXentLoss(temperature);
        this.multiCrop = new MultiCropNtXentLoss(temperature);
        this.blockwise = new BlockwiseNtXent(temperature);
    }

    @Override
    public SslModel model() {
        return model;
    }

    @Override
    public NDArray project(SslModel model, ParameterStore store, NDList views) {
        if (views.size() < 2) {
            throw new IllegalArgumentException("SimCLR takes 2 views or more, got " + views.size());
        }
        // The statistics a previous chunk's small views moved go back before this chunk's pass.
        restoreStatistics();
        NDArray global = NDArrays.concat(new NDList(views.get(0), views.get(1)), 0);
        NDArray z = model.forward(store, new NDList(global), true).get(1);
        if (views.size() == 2) {
            return z;
        }
        NDList small = new NDList(views.subList(2, views.size()));
        kept =
                RunningStatistics.keep(
                        model, model.getParameters().valueAt(0).getArray().getManager());
        NDArray zSmall = model.forward(store, new NDList(NDArrays.concat(small, 0)), true).get(1);
        return NDArrays.concat(new NDList(z, zSmall), 0);
    }

    @Override
    public NDArray loss(NDArray projections, NDList views, long step) {
        long n = views.get(0).getShape().get(0);
        if (views.size() == 2) {
            return ntXent.compute(projections.get("0:" + n), projections.get(n + ":"));
        }
        return multiCrop.compute(projections, (int) n, 2);
    }

    /** With two views, NT-Xent's value and gradient in blocks of rows (no 2N x 2N graph). */
    @Override
    public BlockwiseNtXent.ValueAndGradient lossAndGradient(
            NDArray projections, NDList views, long step) {
        return views.size() == 2 ? blockwise.compute(projections) : null;
    }

    @Override
    public void endPass() {
        restoreStatistics();
    }

    /** SimCLR keeps nothing beyond the model and the optimizer. */
    @Override
    public void saveState(Path dir) {}

    @Override
    public void loadState(Path dir) {}

    @Override
    public void afterStep(long step, double progress) {
        restoreStatistics();
    }

    private void restoreStatistics() {
        if (kept != null) {
            kept.close();
            kept = null;
        }
    }

    @Override
    public void close() {
        restoreStatistics();
    }
}
