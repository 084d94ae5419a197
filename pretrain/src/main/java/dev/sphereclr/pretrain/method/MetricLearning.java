package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.sphereclr.pretrain.nn.SslModel;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * Deep metric learning with a pair-based loss, as the SEC paper's main table trains it: one view of
 * each image through the network, the loss over the batch's embeddings and labels ({@code
 * TripletLoss}, {@code TripletSemihardLoss}, {@code NPairLoss}, {@code MultiSimilarityLoss}), the
 * raw embeddings to the {@link Objective}'s regularizers (the SEC, or its L2 ablation). Batches
 * must hold several images of each class: class-balanced sampling ({@code --images-per-class}).
 */
public final class MetricLearning implements ContrastiveMethod {

    private final SslModel model;
    private final String name;
    private final BiFunction<NDArray, int[], NDArray> loss;
    private final BatchLabels labels = new BatchLabels();

    /**
     * @param model encoder and embedding head
     * @param name the loss's name, for messages
     * @param loss the loss of the batch's raw embeddings and labels
     */
    public MetricLearning(SslModel model, String name, BiFunction<NDArray, int[], NDArray> loss) {
        this.model = model;
        this.name = name;
        this.loss = loss;
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
        if (views.size() != 1) {
            throw new IllegalArgumentException(name + " takes 1 view, got " + views.size());
        }
        return model.forward(store, new NDList(views.get(0)), true).get(1);
    }

    @Override
    public NDArray loss(NDArray projections, NDList views, long step) {
        long n = views.get(0).getShape().get(0);
        return loss.apply(projections, labels.of(n, name));
    }

    /** Nothing beyond the model and the optimizer. */
    @Override
    public void saveState(Path dir) {}

    @Override
    public void loadState(Path dir) {}
}
