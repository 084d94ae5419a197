package dev.sphereclr.pretrain.config;

import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.runtime.Precision;
import dev.sphereclr.runtime.cli.ComputeOptions;
import java.util.List;

/**
 * How the run is carried out and watched: threads, device, memory layout, seed, checkpoints,
 * metrics and the online kNN monitor.
 */
public final class RunSettings extends SettingGroup {

    static final String TITLE = "Run";

    @Setting(sharedOption = true, operational = true)
    public String recipe = "custom";

    @Setting(sharedOption = true, operational = true)
    public long seed = ComputeOptions.DEFAULT_SEED;

    @Setting(sharedOption = true, operational = true, range = BatchLoader.WORKERS)
    public int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    @Setting(sharedOption = true, operational = true, range = "1..1024")
    public int threads = Runtime.getRuntime().availableProcessors();

    @Setting(operational = true, help = "cpu or gpu.")
    public String device = "cpu";

    /**
     * Devices for replicas of the model (data parallelism on the chunked step), e.g. {@code
     * gpu0,gpu1}; null or blank: one device, {@link #device}.
     */
    @Setting(
            operational = true,
            help =
                    "Replicas of the model on these devices (gpu0,gpu1; cpu,cpu to try it on one"
                            + " CPU), each running its chunks of the batch; the projections are"
                            + " gathered on the first for one loss. Batch norm is per chunk.")
    public String devices;

    /** The number format of the step: float32, the one there is (half precision is refused). */
    @Setting(
            operational = true,
            help =
                    "Number format of the step: float32 (half precision and bfloat16 are"
                            + " refused).")
    public String precision = "float32";

    /**
     * Memory order of the batches: channels-first, channels-last, or auto (the faster on this
     * machine, measured when the run starts and written into its config.json).
     */
    @Setting(
            operational = true,
            help =
                    "Memory order of the batches: channels-first, channels-last, or auto (time both"
                            + " on this machine at the start).")
    public String layout = "auto";

    @Setting(operational = true, help = "Steps between checkpoints.", range = ">= 1")
    public int checkpointEvery = 500;

    @Setting(operational = true, help = "Checkpoints kept.", range = "1..1000")
    public int keepCheckpoints = 3;

    @Setting(
            operational = true,
            help =
                    "Steps between rows of metrics.csv, the only time a step reads its loss back"
                            + " from the device (also before every checkpoint).",
            range = ">= 1")
    public int logEvery = 1;

    @Setting(
            operational = true,
            help = "Epochs between online kNN evaluations.",
            range = ">= 0 (0: off)")
    public int knnEvery;

    @Setting(
            operational = true,
            help = "Training images the kNN monitor embeds.",
            range = ">= 0 (0: all)")
    public int knnTrainLimit = 10000;

    /** The defaults. */
    public RunSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        String precision = Precision.problem("--precision", c.run.precision);
        if (precision != null) {
            errors.add(precision);
        }
        require(
                errors,
                List.of("cpu", "gpu").contains(c.run.device),
                "--device",
                c.run.device,
                "cpu or gpu");
        List<String> devices = c.replicaDevices();
        require(
                errors,
                devices.stream().allMatch(d -> d.matches("cpu|gpu\\d*")),
                "--devices",
                c.run.devices,
                "a list of cpu, gpu, gpu0, gpu1, ...");
        if (devices.size() > 1) {
            int chunk = c.effectiveChunk();
            require(
                    errors,
                    chunk > 0
                            && c.budget.batchSize % chunk == 0
                            && (c.budget.batchSize / chunk) % devices.size() == 0,
                    "--devices",
                    c.run.devices,
                    devices.size()
                            + " replicas need chunks (--chunk-size) of the batch (--batch-size "
                            + c.budget.batchSize
                            + ") in a number they divide");
        }
        require(
                errors,
                "auto".equals(c.run.layout)
                        || TensorLayout.TRAINABLE.stream()
                                .anyMatch(l -> l.id().equals(c.run.layout)),
                "--layout",
                c.run.layout,
                "auto, "
                        + TensorLayout.ids(TensorLayout.TRAINABLE)
                        + " ("
                        + TensorLayout.ONEDNN_BLOCKED.id()
                        + " embeds, it does not train)");
    }

    @Override
    List<Inert> inert() {
        return List.of(
                new Inert("knnTrainLimit", c -> c.run.knnEvery > 0, c -> "--knn-every is 0"));
    }
}
