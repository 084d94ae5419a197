package dev.sphereclr.pretrain.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sphereclr.pretrain.nn.ModelSpec;
import dev.sphereclr.pretrain.nn.SslModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained model and copies of it on other devices, for data parallelism on the chunked step:
 * chunk k runs on replica {@code k mod R}, only values cross between devices (projections to the
 * first, each chunk's rows of the loss's gradient back), the replicas' parameter gradients are
 * summed into the first's, which the optimizer updates, and the update is copied to the others.
 *
 * <p>Batch norm is per replica (per chunk), as data-parallel PyTorch without SyncBN; the running
 * statistics the others computed give way to the first's after every step, as
 * DistributedDataParallel broadcasts its buffers.
 */
final class Replicas implements AutoCloseable {

    private final List<SslModel> models = new ArrayList<>();
    private final List<ParameterStore> stores = new ArrayList<>();
    private final List<NDManager> managers = new ArrayList<>();

    /**
     * @param main the trained model, on the first device
     * @param store the first device's parameter store
     * @param spec the model's shape, for the copies
     * @param others the devices of the copies (may repeat the first: replicas on one CPU)
     */
    Replicas(SslModel main, ParameterStore store, ModelSpec spec, List<Device> others) {
        models.add(main);
        stores.add(store);
        var type = main.getParameters().valueAt(0).getArray().getDataType();
        for (Device device : others) {
            NDManager manager = NDManager.newBaseManager(device);
            managers.add(manager);
            SslModel copy = spec.build(manager, type);
            models.add(copy);
            stores.add(new ParameterStore(manager, false));
        }
        broadcast();
    }

    /** One replica: the trained model. */
    static Replicas single(SslModel main, ParameterStore store) {
        return new Replicas(main, store, null, List.of());
    }

    int size() {
        return models.size();
    }

    SslModel model(int r) {
        return models.get(r);
    }

    ParameterStore store(int r) {
        return stores.get(r);
    }

    Device device(int r) {
        return models.get(r).getParameters().valueAt(0).getArray().getDevice();
    }

    /** Adds every copy's parameter gradients into the trained model's, zeroing the copies'. */
    void sumGradients() {
        PairList<String, Parameter> main = models.get(0).getParameters();
        for (int r = 1; r < models.size(); r++) {
            PairList<String, Parameter> copy = models.get(r).getParameters();
            for (int i = 0; i < main.size(); i++) {
                if (!main.valueAt(i).requiresGradient()) {
                    continue;
                }
                NDArray target = main.valueAt(i).getArray();
                try (NDArray g = copy.valueAt(i).getArray().getGradient();
                        NDArray moved = g.toDevice(target.getDevice(), true);
                        NDArray sum = target.getGradient()) {
                    sum.addi(moved);
                    g.subi(g);
                }
            }
        }
    }

    /** Copies the trained model's parameters and running statistics into every copy. */
    void broadcast() {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            copyInto();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private void copyInto() {
        PairList<String, Parameter> main = models.get(0).getParameters();
        for (int r = 1; r < models.size(); r++) {
            PairList<String, Parameter> copy = models.get(r).getParameters();
            for (int i = 0; i < main.size(); i++) {
                NDArray target = copy.valueAt(i).getArray();
                try (NDArray moved =
                        main.valueAt(i).getArray().toDevice(target.getDevice(), true)) {
                    target.set(new NDIndex("..."), moved);
                }
            }
        }
    }

    @Override
    public void close() {
        managers.forEach(NDManager::close);
    }
}
