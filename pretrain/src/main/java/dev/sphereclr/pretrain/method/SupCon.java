package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.loss.SupConLoss;
import dev.sphereclr.pretrain.nn.SslModel;
import java.nio.file.Path;

/**
 * Supervised contrastive learning (Khosla et al., NeurIPS 2020, arXiv:2004.11362): SimCLR's two
 * views through one network, the loss {@link SupConLoss} over them with every image of the anchor's
 * class as a positive. The labels come with each batch ({@link #useLabels}); the chunked step
 * gathers every chunk's projections first, so the loss sees the whole batch with its labels, and so
 * do replicas. Its raw projections go to the {@link Objective}'s regularizers (SEC on the
 * unnormalized projections, as the SEC authors' {@code main_supcon.py} applies it).
 */
public final class SupCon implements ContrastiveMethod {

    private final SslModel model;
    private final SupConLoss loss;
    private final BatchLabels labels = new BatchLabels();

    /**
     * @param model encoder and head
     * @param temperature \( \tau \) (SupContrast on CIFAR: 0.1)
     */
    public SupCon(SslModel model, double temperature) {
        this.model = model;
        this.loss = new SupConLoss(temperature, SupConLoss.BASE_TEMPERATURE);
    }

    @Override
    public SslModel model() {
        return model;
    }

    @Override
    public void useLabels(int[] labels) {
        this.labels.use(labels);
    }

    @Override
    public NDArray project(SslModel model, ParameterStore store, NDList views) {
        if (views.size() != 2) {
            throw new IllegalArgumentException("SupCon takes 2 views, got " + views.size());
        }
        NDArray both = NDArrays.concat(new NDList(views.get(0), views.get(1)), 0);
        return model.forward(store, new NDList(both), true).get(1);
    }

    @Override
    public NDArray loss(NDArray projections, NDList views, long step) {
        long n = views.get(0).getShape().get(0);
        return loss.compute(projections, labels.of(n, "SupCon"));
    }

    /** SupCon keeps nothing beyond the model and the optimizer. */
    @Override
    public void saveState(Path dir) {}

    @Override
    public void loadState(Path dir) {}
}
