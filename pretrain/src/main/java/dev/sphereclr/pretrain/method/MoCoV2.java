package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.pretrain.loss.Embeddings;
import dev.sphereclr.pretrain.loss.GraphConstants;
import dev.sphereclr.pretrain.loss.InfoNceLoss;
import dev.sphereclr.pretrain.loss.SphericalEmbeddingConstraint;
import dev.sphereclr.pretrain.nn.ProjectionHead;
import dev.sphereclr.pretrain.nn.ResNet;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.nn.Stem;
import dev.sphereclr.pretrain.optim.TrainableParameter;
import dev.sphereclr.pretrain.train.PretrainConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * MoCo v2 (He et al. 2019, arXiv:1911.05722; Chen et al. 2020, arXiv:2003.04297).
 *
 * <p>The query encoder and head train by backprop; the key encoder and head are an exponential
 * moving average of them, \( \theta_k \leftarrow m \theta_k + (1 - m) \theta_q \) after every step,
 * never touched by the optimizer, run without gradients. A queue of K unit-length keys supplies the
 * negatives: the newest batch's keys replace the oldest. The loss is InfoNCE (positive logit
 * first), optionally symmetric (each view in turn as the query, as MoCo v2+ does; the second view's
 * keys are enqueued).
 *
 * <p>Shuffled BN on one device: MoCo shuffles the key batch across GPUs so that batch-norm
 * statistics cannot leak which key belongs to which query. Here the key batch is permuted from
 * (seed, step), encoded in {@code shuffleGroups} sub-batches, each with its own batch statistics,
 * and the permutation is undone. A key's BN statistics thus come from a random subset of the other
 * images, never from the sub-batch its query saw.
 */
public final class MoCoV2 implements ContrastiveMethod {

    private final SslModel query;
    private final SslModel key;
    private final NDManager state;
    private final ParameterStore keyStore;
    private final List<TrainableParameter> queryParams;
    private final List<TrainableParameter> keyParams;
    private final InfoNceLoss infoNce;
    private final SphericalEmbeddingConstraint sec;
    private final double baseMomentum;
    private final boolean cosineMomentum;
    private final boolean symmetric;
    private final int groups;
    private final long seed;
    private NDArray queue;
    private long pointer;
    private NDArray pendingKeys;

    /**
     * @param query the trained model (already initialized)
     * @param parent the run's manager
     * @param config queue size, key momentum, temperature, symmetric loss, shuffle groups, seed
     * @param sec the constraint on the query projection
     */
    public MoCoV2(
            SslModel query,
            NDManager parent,
            PretrainConfig config,
            SphericalEmbeddingConstraint sec) {
        this.query = query;
        this.state = parent.newSubManager();
        this.infoNce = new InfoNceLoss(config.temperature);
        this.sec = sec;
        this.baseMomentum = config.keyMomentum;
        this.cosineMomentum = config.keyMomentumCosine;
        this.symmetric = config.symmetricLoss;
        this.groups = config.shuffleGroups;
        this.seed = config.seed;
        ResNet resnet =
                ResNet.builder()
                        .setArchitecture(config.arch)
                        .optStem(Stem.valueOf(config.resolvedStem().toUpperCase(Locale.ROOT)))
                        .optWidth(config.width)
                        .build();
        this.key =
                new SslModel(
                        resnet,
                        ProjectionHead.build(config.headLayers, config.headHidden, config.headOut));
        key.initialize(
                state, DataType.FLOAT32, new Shape(2, 3, config.imageSize, config.imageSize));
        this.keyStore = new ParameterStore(state, false);
        this.queryParams = TrainableParameter.of(query);
        this.keyParams = TrainableParameter.of(key);
        copyAll(query, key);
        for (TrainableParameter p : keyParams) {
            p.array().setRequiresGradient(false);
        }
        NDArray random = state.randomNormal(new Shape(config.queueSize, config.headOut));
        this.queue = Embeddings.l2Normalize(random);
        random.close();
    }

    /** Copies every parameter (batch-norm statistics included) of {@code from} into {@code to}. */
    private static void copyAll(SslModel from, SslModel to) {
        var source = from.getParameters();
        var target = to.getParameters();
        for (int i = 0; i < source.size(); i++) {
            Parameter s = source.valueAt(i);
            Parameter t = target.valueAt(i);
            s.getArray().copyTo(t.getArray());
        }
    }

    @Override
    public SslModel model() {
        return query;
    }

    /** The key model (for tests and inspection). */
    public SslModel keyModel() {
        return key;
    }

    /** The queue of keys, {@code K x D}. */
    public NDArray queue() {
        return queue;
    }

    /**
     * The key momentum at {@code progress} in [0, 1] of the run: the base momentum, or with the
     * cosine schedule \( 1 - (1 - m_0)(\cos(\pi p) + 1) / 2 \).
     */
    public double momentumAt(double progress) {
        if (!cosineMomentum) {
            return baseMomentum;
        }
        double p = Math.min(1.0, Math.max(0.0, progress));
        return 1 - (1 - baseMomentum) * (Math.cos(Math.PI * p) + 1) / 2;
    }

    @Override
    public LossParts forward(ParameterStore store, NDList views, long step, double secWeight) {
        if (views.size() != 2) {
            throw new IllegalArgumentException("MoCo takes 2 views, got " + views.size());
        }
        NDArray x1 = views.get(0);
        NDArray x2 = views.get(1);
        NDArray k2 = encodeKeys(x2, step, 0);
        NDArray q1 = query.forward(store, new NDList(x1), true).get(1);
        NDArray contrastive = infoNce.compute(q1, k2, queue);
        NDArray rawQueries = q1;
        if (symmetric) {
            NDArray k1 = encodeKeys(x1, step, 1);
            NDArray q2 = query.forward(store, new NDList(x2), true).get(1);
            contrastive =
                    contrastive
                            .add(infoNce.compute(q2, k1, queue))
                            .div(GraphConstants.scalar(contrastive, 2));
            rawQueries = NDArrays.concat(new NDList(q1, q2), 0);
        }
        SphericalEmbeddingConstraint.Result s = sec.compute(rawQueries);
        NDArray total =
                secWeight > 0
                        ? contrastive.add(
                                s.loss().mul(GraphConstants.scalar(contrastive, secWeight)))
                        : contrastive;
        if (pendingKeys != null) {
            pendingKeys.close();
        }
        pendingKeys = Embeddings.l2Normalize(k2);
        pendingKeys.attach(state);
        return new LossParts(
                total,
                contrastive.stopGradient().toType(DataType.FLOAT64, false).getDouble(),
                s.loss().stopGradient().toType(DataType.FLOAT64, false).getDouble(),
                secWeight,
                s.normMean(),
                s.normVariance());
    }

    /** Key projections of {@code x} through the shuffled sub-batches, in the original order. */
    NDArray encodeKeys(NDArray x, long step, int view) {
        int n = (int) x.getShape().get(0);
        int g = n % groups == 0 ? groups : 1;
        int[] order =
                ViewSeeds.permutation(n, new SplittableRandom(ViewSeeds.key(seed, -2, step, view)));
        long[] permutation = new long[n];
        long[] inverse = new long[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = order[i];
            inverse[order[i]] = i;
        }
        NDManager m = x.getManager();
        NDArray shuffled = x.get(m.create(permutation));
        NDList parts = new NDList(g);
        int size = n / g;
        for (int i = 0; i < g; i++) {
            NDArray chunk = shuffled.get(new NDIndex(i * size + ":" + (i + 1) * size));
            parts.add(key.forward(keyStore, new NDList(chunk), true).get(1));
        }
        NDArray keys = NDArrays.concat(parts, 0);
        return keys.get(m.create(inverse)).stopGradient();
    }

    @Override
    public void afterStep(long step, double progress) {
        double m = momentumAt(progress);
        try (NDManager scratch = state.newSubManager()) {
            for (int i = 0; i < keyParams.size(); i++) {
                NDArray k = keyParams.get(i).array();
                NDArray q = queryParams.get(i).array();
                scratch.tempAttachAll(k, q);
                k.muli(m).addi(q.mul(1 - m));
            }
        }
        if (pendingKeys != null) {
            long n = pendingKeys.getShape().get(0);
            long size = queue.getShape().get(0);
            queue.set(new NDIndex(pointer + ":" + (pointer + n)), pendingKeys);
            pointer = (pointer + n) % size;
            pendingKeys.close();
            pendingKeys = null;
        }
    }

    @Override
    public void saveState(Path dir) throws IOException {
        try (OutputStream o =
                        new BufferedOutputStream(
                                Files.newOutputStream(dir.resolve("key-model.params")));
                DataOutputStream data = new DataOutputStream(o)) {
            key.saveParameters(data);
        }
        try (OutputStream o =
                new BufferedOutputStream(Files.newOutputStream(dir.resolve("queue.ndlist")))) {
            new NDList(queue).encode(o);
        }
        Files.writeString(
                dir.resolve("moco-state.txt"),
                "pointer=" + pointer + "\nsecMovingMean=" + sec.movingMean() + "\n");
    }

    @Override
    public void loadState(Path dir) throws IOException {
        try (InputStream in =
                        new BufferedInputStream(
                                Files.newInputStream(dir.resolve("key-model.params")));
                DataInputStream data = new DataInputStream(in)) {
            key.loadParameters(state, data);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(dir.resolve("key-model.params") + ": " + e.getMessage(), e);
        }
        for (TrainableParameter p : keyParams) {
            p.array().setRequiresGradient(false);
        }
        try (InputStream in =
                new BufferedInputStream(Files.newInputStream(dir.resolve("queue.ndlist")))) {
            NDArray loaded = NDList.decode(state, in).singletonOrThrow();
            if (!loaded.getShape().equals(queue.getShape())) {
                throw new IOException(
                        dir
                                + ": queue of shape "
                                + loaded.getShape()
                                + ", expected "
                                + queue.getShape());
            }
            queue.close();
            queue = loaded;
        }
        for (String line : Files.readAllLines(dir.resolve("moco-state.txt"))) {
            String[] kv = line.split("=", 2);
            if (kv[0].equals("pointer")) {
                pointer = Long.parseLong(kv[1]);
            } else if (kv[0].equals("secMovingMean")) {
                sec.restore(Double.parseDouble(kv[1]));
            }
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
