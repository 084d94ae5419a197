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
        c.model.width = 0.25;
        c.data.imageSize = 32;
        c.budget.batchSize = 8;
        c.model.headHidden = 32;
        c.model.headOut = 16;
        c.budget.maxSteps = 3;
        c.optimizer.warmupEpochs = 0;
        c.optimizer.kind = Optimizer.Kind.SGD;
        c.optimizer.lr = 0.05;
        c.optimizer.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.run.threads = 1;
        c.run.checkpointEvery = 100;
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
