package dev.sphereclr.pretrain.cli;

import picocli.CommandLine.Option;

/** The options of how a run is carried out and watched. */
final class RunOptions {

    @Option(names = "--device", description = "cpu or gpu.")
    String device;

    @Option(
            names = "--devices",
            description =
                    "Replicas of the model on these devices (gpu0,gpu1; cpu,cpu to try it on one"
                            + " CPU), each running its chunks of the batch; the projections are"
                            + " gathered on the first for one loss. Batch norm is per chunk.")
    String devices;

    @Option(
            names = "--precision",
            description =
                    "Number format of the step: float32 (half precision and bfloat16 are refused).")
    String precision;

    @Option(
            names = "--layout",
            description =
                    "Memory order of the batches: channels-first, channels-last, or auto (time both"
                            + " on this machine at the start).")
    String layout;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints.")
    Integer checkpointEvery;

    @Option(names = "--keep-checkpoints", description = "Checkpoints kept.")
    Integer keepCheckpoints;

    @Option(
            names = "--log-every",
            description =
                    "Steps between rows of metrics.csv, the only time a step reads its loss back"
                            + " from the device (also before every checkpoint).")
    Integer logEvery;

    @Option(names = "--knn-every", description = "Epochs between online kNN evaluations.")
    Integer knnEvery;

    @Option(names = "--knn-train-limit", description = "Training images the kNN monitor embeds.")
    Integer knnTrainLimit;
}
