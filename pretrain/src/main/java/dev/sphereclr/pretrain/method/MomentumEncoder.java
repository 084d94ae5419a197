package dev.sphereclr.pretrain.method;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sphereclr.augment.transform.ViewSeeds;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.pretrain.optim.TrainableParameter;
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
import java.util.SplittableRandom;

/**
 * MoCo's key encoder and head: an exponential moving average of the query model, \( \theta_k
 * \leftarrow m \theta_k + (1 - m) \theta_q \), never touched by the optimizer, run without
 * gradients.
 *
 * <p>Shuffled BN on one device: MoCo shuffles the key batch across GPUs so that batch-norm
 * statistics cannot leak which key belongs to which query. Here the key batch is permuted from
 * (seed, step), encoded in {@code groups} sub-batches, each with its own batch statistics, and the
 * permutation is undone.
 */
final class MomentumEncoder {

    static final String FILE = "key-model.params";

    private final SslModel key;
    private final NDManager state;
    private final ParameterStore store;
    private final List<TrainableParameter> queryParams;
    private final List<TrainableParameter> keyParams;
    private final int groups;
    private final long seed;

    /** A copy of {@code query} (built from {@code spec}) in {@code state}. */
    MomentumEncoder(SslModel query, ModelSpec spec, NDManager state, int groups, long seed) {
        this.state = state;
        this.groups = groups;
        this.seed = seed;
        this.key = spec.build(state, query.getParameters().valueAt(0).getArray().getDataType());
        this.store = new ParameterStore(state, false);
        this.queryParams = TrainableParameter.of(query);
        this.keyParams = TrainableParameter.of(key);
        var source = query.getParameters();
        var target = key.getParameters();
        for (int i = 0; i < source.size(); i++) {
            Parameter s = source.valueAt(i);
            s.getArray().copyTo(target.valueAt(i).getArray());
        }
        keyParams.forEach(p -> p.array().setRequiresGradient(false));
    }

    SslModel model() {
        return key;
    }

    /** Key projections of {@code x} through the shuffled sub-batches, in the original order. */
    NDArray encode(NDArray x, long step, int view) {
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
            parts.add(key.forward(store, new NDList(chunk), true).get(1));
        }
        return NDArrays.concat(parts, 0).get(m.create(inverse)).stopGradient();
    }

    /** One moving-average step with momentum {@code m}. */
    void update(double m) {
        try (NDManager scratch = state.newSubManager()) {
            for (int i = 0; i < keyParams.size(); i++) {
                NDArray k = keyParams.get(i).array();
                NDArray q = queryParams.get(i).array();
                scratch.tempAttachAll(k, q);
                k.muli(m).addi(q.mul(1 - m));
            }
        }
    }

    void save(Path dir) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(dir.resolve(FILE)));
                DataOutputStream data = new DataOutputStream(o)) {
            key.saveParameters(data);
        }
    }

    void load(Path dir) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(FILE)));
                DataInputStream data = new DataInputStream(in)) {
            key.loadParameters(state, data);
        } catch (MalformedModelException e) {
            throw new IOException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        keyParams.forEach(p -> p.array().setRequiresGradient(false));
    }
}
