package dev.sphereclr.pretrain.train;

import dev.sphereclr.augment.data.InMemoryDataset;
import dev.sphereclr.augment.loader.BatchLoader;
import dev.sphereclr.augment.loader.BatchSource;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.List;
import java.util.SplittableRandom;

/** Small configurations and data that train in milliseconds a step. */
final class TinyRuns {

    private TinyRuns() {}

    static PretrainConfig config() {
        PretrainConfig c = new PretrainConfig();
        c.model.arch = "resnet18";
        // 16 to 128 channels: narrower trains with wrong gradients (ModelSettings refuses it).
        c.model.width = 0.25;
        c.data.imageSize = 16;
        c.budget.batchSize = 8;
        c.model.headLayers = 2;
        c.model.headHidden = 32;
        c.model.headOut = 16;
        c.budget.epochs = 100;
        c.budget.maxSteps = 12;
        c.optimizer.warmupEpochs = 0;
        c.optimizer.kind = Optimizer.Kind.SGD;
        c.optimizer.lr = 0.05;
        c.optimizer.lrScaling = LearningRateSchedule.Scaling.NONE;
        c.optimizer.weightDecay = 1e-4;
        c.method.temperature = 0.5;
        c.run.threads = 1;
        c.run.workers = 1;
        c.run.checkpointEvery = 4;
        c.run.seed = 7;
        // Fixed, so that runs compared value for value compute alike (auto has its own test).
        c.run.layout = "channels-first";
        return c;
    }

    /** 32 images of coloured blocks at random places: something to tell apart. */
    static InMemoryDataset blocks(int n, int side) {
        SplittableRandom random = new SplittableRandom(3);
        byte[] px = new byte[n * side * side * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            int r = random.nextInt(256);
            int g = random.nextInt(256);
            int b = random.nextInt(256);
            int y0 = random.nextInt(side / 2);
            int x0 = random.nextInt(side / 2);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    boolean inside = y >= y0 && y < y0 + side / 2 && x >= x0 && x < x0 + side / 2;
                    int o = ((i * side + y) * side + x) * 3;
                    px[o] = (byte) (inside ? r : 255 - r);
                    px[o + 1] = (byte) (inside ? g : 128);
                    px[o + 2] = (byte) (inside ? b : random.nextInt(256));
                }
            }
        }
        return new InMemoryDataset("blocks", side, side, px, labels, List.of("a", "b", "c", "d"));
    }

    /** Views a tiny network can learn to match within a hundred steps. */
    static ViewConfig mildViews(int size) {
        return Presets.simclrCifar(size).toBuilder()
                .optCropScale(0.6, 1.0)
                .optColorJitter(0.1, 0.1, 0.1, 0.02, 0.5)
                .optGrayscale(0)
                .build();
    }

    static BatchSource loader(PretrainConfig c) {
        return loader(c, 32);
    }

    static BatchSource loader(PretrainConfig c, int images) {
        return BatchLoader.builder()
                .setDataset(blocks(images, c.data.imageSize))
                .setTransform(MultiViewTransform.of(mildViews(c.data.imageSize), 2))
                .setBatchSize(c.budget.batchSize)
                .optSeed(c.run.seed)
                .optWorkers(1)
                .build();
    }
}
