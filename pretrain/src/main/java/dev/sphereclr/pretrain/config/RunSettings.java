package dev.sphereclr.pretrain.config;

import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.runtime.Precision;
import dev.sphereclr.encoder.settings.LegalRange;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the run is carried out and watched: threads, device, memory layout, seed, checkpoints,
 * metrics and the online kNN monitor.
 */
final class RunSettings extends SettingGroup {

    static final String TITLE = "Run";

    RunSettings() {
        super(
                TITLE,
                "recipe",
                "seed",
                "workers",
                "threads",
                "device",
                "devices",
                "precision",
                "layout",
                "checkpointEvery",
                "keepCheckpoints",
                "logEvery",
                "knnEvery",
                "knnTrainLimit");
    }

    /** None changes what the run computes but the seed, which the recipes leave to the command. */
    @Override
    Set<String> operational() {
        return Set.copyOf(fields());
    }

    @Override
    Map<String, LegalRange> ranges() {
        return Map.of(
                "workers", BatchLoader.WORKERS,
                "threads", LegalRange.of("1..1024"),
                "checkpointEvery", LegalRange.of(">= 1"),
                "logEvery", LegalRange.of(">= 1"),
                "keepCheckpoints", LegalRange.of("1..1000"),
                "knnEvery", LegalRange.of(">= 0 (0: off)"),
                "knnTrainLimit", LegalRange.of(">= 0 (0: all)"));
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
