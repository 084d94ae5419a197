package dev.sphereclr.eval;

import dev.sphereclr.augment.loader.RandomBatches;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import dev.sphereclr.pretrain.train.PretrainRun;
import dev.sphereclr.testing.ImageFolders;
import java.io.IOException;
import java.nio.file.Path;

/** Tiny encoders and image folders the tests make themselves. */
final class Fixtures {

    private Fixtures() {}

    /** Pretrains a tiny ResNet-18 (width 1/16) for a few steps and returns its export folder. */
    static Path tinyEncoder(Path dir) throws IOException {
        PretrainConfig c = new PretrainConfig();
        c.width = 0.25;
        c.imageSize = 32;
        c.batchSize = 8;
        c.headHidden = 32;
        c.headOut = 16;
        c.maxSteps = 3;
        c.warmupEpochs = 0;
        c.optimizer = Optimizer.Kind.SGD;
        c.lr = 0.05;
        c.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.threads = 1;
        c.checkpointEvery = 100;
        Path out = dir.resolve("pretrain");
        try (PretrainRun run = PretrainRun.create(c, out, new RandomBatches(8, 2, 32, 10, 1))) {
            run.run();
        }
        return out.resolve("encoder");
    }

    static Path twoClassFolder(Path dir, int perClass) throws IOException {
        return ImageFolders.twoClassFolder(dir, perClass);
    }
}
