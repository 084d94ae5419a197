package dev.sphereclr.pretrain.train;

import dev.sphereclr.pretrain.optim.LearningRateSchedule;
import dev.sphereclr.pretrain.optim.Optimizer;
import java.util.List;
import java.util.Locale;

/**
 * Named starting points, each a paper's or solo-learn's published setting; command-line options
 * given with a recipe override its values.
 *
 * <ul>
 *   <li>{@code simclr-cifar10}, {@code simclr-cifar100}: ResNet-18 with the CIFAR stem, batch 256,
 *       LARS (lr 0.4 x B/256, weight decay 1e-5, 10 warm-up epochs), temperature 0.2, 2-layer head
 *       2048 to 256, 1,000 epochs (solo-learn's CIFAR SimCLR).
 *   <li>{@code simclr-imagenet}: ResNet-50, ImageNet stem, 224 px, LARS (lr 0.3 x B/256, weight
 *       decay 1e-6), temperature 0.1, 100 epochs (SimCLR, appendix B.9: 100 epochs).
 *   <li>{@code mocov2-cifar10}: ResNet-18 CIFAR stem, SGD lr 0.3 x B/256, weight decay 5e-4,
 *       temperature 0.2, queue 4,096, key momentum 0.99, 2-layer head 2048 to 128.
 *   <li>{@code mocov2-imagenet}: ResNet-50, SGD lr 0.03 x B/256, weight decay 1e-4, temperature
 *       0.2, queue 65,536, key momentum 0.999, 200 epochs (MoCo v2).
 * </ul>
 */
public final class Recipes {

    /** The recipe names. */
    public static final List<String> NAMES =
            List.of(
                    "simclr-cifar10",
                    "simclr-cifar100",
                    "simclr-imagenet",
                    "mocov2-cifar10",
                    "mocov2-imagenet");

    private Recipes() {}

    /** The settings of recipe {@code name}. */
    public static PretrainConfig named(String name) {
        PretrainConfig c = new PretrainConfig();
        c.recipe = name.toLowerCase(Locale.ROOT);
        switch (c.recipe) {
            case "simclr-cifar10", "simclr-cifar100" -> {
                c.method = PretrainConfig.Method.SIMCLR;
                c.dataset =
                        c.recipe.endsWith("100")
                                ? PretrainConfig.Dataset.CIFAR100
                                : PretrainConfig.Dataset.CIFAR10;
                cifar(c);
                c.optimizer = Optimizer.Kind.LARS;
                c.lr = 0.4;
                c.weightDecay = 1e-5;
                c.temperature = 0.2;
                c.headOut = 256;
                c.epochs = 1000;
            }
            case "simclr-imagenet" -> {
                c.method = PretrainConfig.Method.SIMCLR;
                c.dataset = PretrainConfig.Dataset.FOLDER;
                imagenet(c);
                c.optimizer = Optimizer.Kind.LARS;
                c.lr = 0.3;
                c.weightDecay = 1e-6;
                c.temperature = 0.1;
                c.epochs = 100;
            }
            case "mocov2-cifar10" -> {
                c.method = PretrainConfig.Method.MOCOV2;
                c.dataset = PretrainConfig.Dataset.CIFAR10;
                cifar(c);
                c.optimizer = Optimizer.Kind.SGD;
                c.lr = 0.3;
                c.weightDecay = 5e-4;
                c.temperature = 0.2;
                c.queueSize = 4096;
                c.keyMomentum = 0.99;
                c.epochs = 1000;
            }
            case "mocov2-imagenet" -> {
                c.method = PretrainConfig.Method.MOCOV2;
                c.dataset = PretrainConfig.Dataset.FOLDER;
                imagenet(c);
                c.optimizer = Optimizer.Kind.SGD;
                c.lr = 0.03;
                c.weightDecay = 1e-4;
                c.temperature = 0.2;
                c.queueSize = 65536;
                c.keyMomentum = 0.999;
                c.epochs = 200;
            }
            default ->
                    throw new IllegalArgumentException(
                            "unknown recipe '" + name + "'; known: " + String.join(", ", NAMES));
        }
        return c;
    }

    private static void cifar(PretrainConfig c) {
        c.arch = "resnet18";
        c.stem = "cifar";
        c.imageSize = 32;
        c.batchSize = 256;
        c.lrScaling = LearningRateSchedule.Scaling.LINEAR;
        c.warmupEpochs = 10;
        c.headLayers = 2;
        c.headHidden = 2048;
    }

    private static void imagenet(PretrainConfig c) {
        c.arch = "resnet50";
        c.stem = "imagenet";
        c.imageSize = 224;
        c.batchSize = 256;
        c.lrScaling = LearningRateSchedule.Scaling.LINEAR;
        c.warmupEpochs = 10;
        c.headLayers = 2;
        c.headHidden = 2048;
    }
}
