package dev.sphereclr.pretrain.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.settings.LegalRange;
import dev.sphereclr.pretrain.loss.GraphConstants;
import dev.sphereclr.pretrain.loss.InfoNceLoss;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * MoCo v2 (He et al. 2019, arXiv:1911.05722; Chen et al. 2020, arXiv:2003.04297).
 *
 * <p>The query encoder and head train by backprop; the key encoder and head are their moving
 * average ({@link MomentumEncoder}, with shuffled BN). A {@link KeyQueue} of K unit-length keys
 * supplies the negatives. The loss is InfoNCE (positive logit first), optionally symmetric (each
 * view in turn as the query, as MoCo v2+ does; the second view's keys are enqueued). The key
 * momentum is fixed or follows \( 1 - (1 - m_0)(\cos(\pi p) + 1) / 2 \) over the run's progress p.
 */
public final class MoCoV2 implements ContrastiveMethod {

    /**
     * MoCo's own settings.
     *
     * @param temperature InfoNCE's temperature (MoCo v2: 0.2)
     * @param queueSize K, the number of negatives
     * @param keyMomentum m, the key encoder's momentum (or m_0 of the cosine schedule)
     * @param cosineMomentum whether m rises to 1 over the run
     * @param symmetric whether both views take a turn as the query
     * @param shuffleGroups sub-batches of the shuffled BN
     * @param seed of the shuffles
     */
    public record Settings(
            double temperature,
            int queueSize,
            double keyMomentum,
            boolean cosineMomentum,
            boolean symmetric,
            int shuffleGroups,
            long seed) {

        /** Legal key momenta m. */
        public static final String KEY_MOMENTUM = "[0, 1)";

        public Settings {
            LegalRange.of(KEY_MOMENTUM).check("key momentum", keyMomentum);
        }
    }

    private static final String STATE_FILE = "moco-state.txt";

    private final SslModel query;
    private final NDManager state;
    private final Settings settings;
    private final MomentumEncoder key;
    private final KeyQueue queue;
    private final InfoNceLoss infoNce;

    /**
     * @param query the trained model (already initialized), built from {@code spec}
     * @param spec the model's shape, for the key model
     * @param parent the run's manager
     * @param settings queue, key momentum, temperature, symmetric loss, shuffled BN
     */
    public MoCoV2(SslModel query, ModelSpec spec, NDManager parent, Settings settings) {
        this.query = query;
        this.settings = settings;
        this.state = parent.newSubManager();
        this.infoNce = new InfoNceLoss(settings.temperature());
        this.key =
                new MomentumEncoder(query, spec, state, settings.shuffleGroups(), settings.seed());
        this.queue =
                new KeyQueue(
                        state,
                        settings.queueSize(),
                        spec.headOut(),
                        query.getParameters().valueAt(0).getArray().getDataType());
    }

    @Override
    public SslModel model() {
        return query;
    }

    /** The key model (for tests and inspection). */
    public SslModel keyModel() {
        return key.model();
    }

    /** The queue of keys, {@code K x D}. */
    public NDArray queue() {
        return queue.keys();
    }

    /** The key momentum at {@code progress} in [0, 1] of the run. */
    public double momentumAt(double progress) {
        double m0 = settings.keyMomentum();
        if (!settings.cosineMomentum()) {
            return m0;
        }
        double p = Math.min(1.0, Math.max(0.0, progress));
        return 1 - (1 - m0) * (Math.cos(Math.PI * p) + 1) / 2;
    }

    @Override
    public NDArray project(SslModel model, ParameterStore store, NDList views) {
        if (views.size() != 2) {
            throw new IllegalArgumentException("MoCo takes 2 views, got " + views.size());
        }
        NDArray q1 = model.forward(store, new NDList(views.get(0)), true).get(1);
        if (!settings.symmetric()) {
            return q1;
        }
        NDArray q2 = model.forward(store, new NDList(views.get(1)), true).get(1);
        return NDArrays.concat(new NDList(q1, q2), 0);
    }

    /** InfoNCE of the queries against the keys of the other view and the queue. */
    @Override
    public NDArray loss(NDArray queries, NDList views, long step) {
        long n = views.get(0).getShape().get(0);
        NDArray x1 = views.get(0);
        NDArray x2 = views.get(1);
        NDArray k2 = key.encode(x2, step, 0);
        NDArray q1 = settings.symmetric() ? queries.get("0:" + n) : queries;
        NDArray contrastive = infoNce.compute(q1, k2, queue.keys());
        if (settings.symmetric()) {
            NDArray k1 = key.encode(x1, step, 1);
            contrastive =
                    contrastive
                            .add(infoNce.compute(queries.get(n + ":"), k1, queue.keys()))
                            .div(GraphConstants.scalar(contrastive, 2));
        }
        queue.offer(k2);
        return contrastive;
    }

    @Override
    public void afterStep(long step, double progress) {
        key.update(momentumAt(progress));
        queue.enqueuePending();
    }

    @Override
    public void saveState(Path dir) throws IOException {
        key.save(dir);
        queue.save(dir);
        Files.writeString(dir.resolve(STATE_FILE), "pointer=" + queue.pointer() + "\n");
    }

    @Override
    public void loadState(Path dir) throws IOException {
        key.load(dir);
        long pointer = 0;
        for (String line : Files.readAllLines(dir.resolve(STATE_FILE))) {
            String[] kv = line.split("=", 2);
            if (kv[0].equals("pointer")) {
                pointer = Long.parseLong(kv[1]);
            }
        }
        queue.load(dir, pointer);
    }

    @Override
    public void close() {
        state.close();
    }
}
