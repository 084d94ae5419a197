package dev.sphereclr.pretrain.knn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The online kNN monitor of a pretraining run (as solo-learn's): every few epochs, embed a fixed
 * subset of the training split and the test split with the evaluation transform, encoder in
 * inference mode, and report weighted-kNN top-1. It reads the encoder; it changes nothing.
 */
public final class KnnMonitor {

    private final ImageDataset train;
    private final ImageDataset test;
    private final ViewConfig view;
    private final WeightedKnn knn;
    private final int workers;
    private final TensorLayout layout;

    /**
     * @param train the training split; at most {@code trainLimit} images of it are used (a fixed
     *     random subset)
     * @param test the test split
     * @param view the evaluation transform
     * @param trainLimit cap on training images, to bound the monitor's cost on a CPU
     * @param workers preprocessing threads
     * @param layout the memory order of the batches the encoder gets
     * @param knn the classifier (solo-learn's monitor: k 200, T 0.1)
     */
    public KnnMonitor(
            ImageDataset train,
            ImageDataset test,
            ViewConfig view,
            int trainLimit,
            int workers,
            TensorLayout layout,
            WeightedKnn knn) {
        this.train =
                trainLimit > 0 && train.size() > trainLimit ? subset(train, trainLimit) : train;
        this.test = test;
        this.view = view;
        this.knn = knn;
        this.workers = workers;
        this.layout = layout;
    }

    /** kNN top-1 of {@code encoder} now. */
    public double evaluate(Block encoder, NDManager manager) throws IOException {
        FeatureSet trainFeatures = embed(encoder, manager, train).normalized();
        FeatureSet testFeatures = embed(encoder, manager, test).normalized();
        return knn.evaluate(manager, trainFeatures, testFeatures).top1();
    }

    private FeatureSet embed(Block encoder, NDManager manager, ImageDataset data)
            throws IOException {
        ParameterStore store = new ParameterStore(manager, false);
        return DatasetEmbedding.of(
                data,
                view,
                256,
                workers,
                layout,
                manager,
                x -> encoder.forward(store, new NDList(x), false).singletonOrThrow());
    }

    /** A fixed random subset of {@code data}. */
    static ImageDataset subset(ImageDataset data, int size) {
        int[] order = ViewSeeds.permutation(data.size(), new SplittableRandom(17));
        int[] pick = Arrays.copyOf(order, size);
        Arrays.sort(pick);
        return new ImageDataset() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int label(int index) {
                return data.label(pick[index]);
            }

            @Override
            public RgbImage image(int index) throws IOException {
                return data.image(pick[index]);
            }

            @Override
            public List<String> classes() {
                return data.classes();
            }

            @Override
            public String describe() {
                return size + " of " + data.describe();
            }
        };
    }
}
