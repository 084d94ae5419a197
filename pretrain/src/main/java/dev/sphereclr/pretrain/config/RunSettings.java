package dev.sphereclr.pretrain.config;

import dev.sphereclr.runtime.Precision;
import java.util.List;

/**
 * How the run is carried out and watched: threads, device, memory layout, seed, checkpoints,
 * metrics and the online kNN monitor.
 */
final class RunSettings extends SettingGroup {

    static final String TITLE = "Run";

    RunSettings() {
        super(TITLE);
    }

    @Override
    void checkRules(PretrainConfig c, List<String> errors) {
        String precision = Precision.problem("--precision", c.precision);
        if (precision != null) {
            errors.add(precision);
        }
        require(
                errors,
                List.of("cpu", "gpu").contains(c.device),
                "--device",
                c.device,
                "cpu or gpu");
        List<String> devices = c.replicaDevices();
        require(
                errors,
                devices.stream().allMatch(d -> d.matches("cpu|gpu\\d*")),
                "--devices",
                c.devices,
                "a list of cpu, gpu, gpu0, gpu1, ...");
        if (devices.size() > 1) {
            int chunk = c.effectiveChunk();
            require(
                    errors,
                    chunk > 0
                            && c.batchSize % chunk == 0
                            && (c.batchSize / chunk) % devices.size() == 0,
                    "--devices",
                    c.devices,
                    devices.size()
                            + " replicas need chunks (--chunk-size) of the batch (--batch-size "
                            + c.batchSize
                            + ") in a number they divide");
        }
        require(
                errors,
                List.of("auto", "channels-first", "channels-last").contains(c.layout),
                "--layout",
                c.layout,
                "auto, channels-first or channels-last");
    }

    @Override
    List<Inert> inert() {
        return List.of(new Inert("knnTrainLimit", c -> c.knnEvery > 0, c -> "--knn-every is 0"));
    }
}
