package dev.sphereclr.pretrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalViewTest {

    private static ViewConfig evalView(String... options) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("--recipe", "simclr-imagenette", "--data", "x"));
        args.addAll(List.of(options));
        return PretrainCommand.parseConfig(args).evalView();
    }

    @Test
    void theEncoderIsEvaluatedWithTheNormalizationItsTrainingViewsUsed() throws Exception {
        // 64 px counts as small, yet SimCLR's ImageNet preset normalizes with ImageNet's numbers.
        ViewConfig imagenet = evalView("--augmentation", "simclr-imagenet");
        assertArrayEquals(EvalPreprocessing.IMAGENET_MEAN, imagenet.mean());
        assertArrayEquals(EvalPreprocessing.IMAGENET_STD, imagenet.std());
        assertEquals(96, imagenet.size(), "the recipe's evaluation size");

        // SimCLR's CIFAR preset on 96 px views keeps CIFAR's.
        ViewConfig cifar =
                evalView("--image-size", "96", "--eval-size", "96", "--resolution-schedule", "");
        assertArrayEquals(EvalPreprocessing.CIFAR_MEAN, cifar.mean());
        assertArrayEquals(EvalPreprocessing.CIFAR_STD, cifar.std());
        assertEquals(96, cifar.size());
    }

    @Test
    void anEvalSizeChangesTheSideButNotTheNormalization() throws Exception {
        ViewConfig asTrained = evalView("--eval-size", "64");
        ViewConfig larger = evalView();
        assertEquals(64, asTrained.size());
        assertEquals(96, larger.size(), "the recipe's evaluation size");
        assertArrayEquals(asTrained.mean(), larger.mean());
        assertArrayEquals(asTrained.std(), larger.std());
    }
}
