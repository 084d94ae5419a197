package dev.sphereclr.pretrain.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.Stem;
import org.junit.jupiter.api.Test;

class ResNetTest {

    static long trainable(Block block) {
        return block.getParameters().values().stream()
                .filter(p -> p.requiresGradient())
                .mapToLong(p -> p.getArray().getShape().size())
                .sum();
    }

    static long count(int depth, Stem stem, int side) {
        ResNet net = ResNet.builder().setDepth(depth).optStem(stem).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, side, side));
            return trainable(net.block());
        }
    }

    @Test
    void parameterCountsAreTorchvisionsWithoutTheClassifier() {
        assertEquals(11_168_832, count(18, Stem.CIFAR, 32));
        assertEquals(11_176_512, count(18, Stem.IMAGENET, 64));
        assertEquals(21_284_672, count(34, Stem.CIFAR, 32) + 9408 - 1728);
        assertEquals(23_508_032, count(50, Stem.IMAGENET, 64));
    }

    @Test
    void featureSizesAndWidthMultiplier() {
        assertEquals(512, ResNet.builder().build().featureSize());
        assertEquals(2048, ResNet.builder().setDepth(50).build().featureSize());
        assertEquals(256, ResNet.builder().optWidth(0.5).build().featureSize());
        ResNet half = ResNet.builder().optWidth(0.5).build();
        try (NDManager m = NDManager.newBaseManager()) {
            half.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            long params = trainable(half.block());
            // Convolutions scale with width squared; batch norms linearly.
            assertEquals(true, params > 11_168_832 / 4 && params < 11_168_832 / 3, "" + params);
        }
        assertThrows(
                IllegalArgumentException.class, () -> ResNet.builder().setArchitecture("vgg16"));
    }

    @Test
    void modelReturnsRepresentationAndProjection() {
        ResNet net = ResNet.builder().optWidth(0.25).optStem(Stem.IMAGENET).build();
        SslModel model = new SslModel(net, ProjectionHead.build(2, 64, 16));
        try (NDManager m = NDManager.newBaseManager()) {
            model.initialize(m, DataType.FLOAT32, new Shape(2, 3, 64, 64));
            NDList out =
                    model.forward(
                            new ParameterStore(m, false),
                            new NDList(m.randomNormal(new Shape(4, 3, 64, 64))),
                            true);
            assertEquals(new Shape(4, 128), out.get(0).getShape());
            assertEquals(new Shape(4, 16), out.get(1).getShape());
        }
    }

    @Test
    void zeroInitMakesEveryResidualBlockAnIdentityOnItsShortcut() {
        ResNet net = ResNet.builder().optWidth(0.25).optZeroInitResidual(true).build();
        try (NDManager m = NDManager.newBaseManager()) {
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 16, 16));
            net.afterInitialize();
            long zeroed =
                    net.block().getParameters().stream()
                            .filter(p -> p.getKey().endsWith("gamma"))
                            .filter(p -> p.getValue().getArray().abs().sum().getFloat() == 0f)
                            .count();
            assertEquals(8, zeroed, "one zeroed scale per basic block of ResNet-18");
            NDArray x = m.randomNormal(new Shape(2, 3, 16, 16));
            NDArray h =
                    net.block().forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertEquals(new Shape(2, 128), h.getShape());
        }
    }

    @Test
    void aHeadWithoutBatchNormHasBiasesInsteadOfNormalization() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (boolean batchNorm : new boolean[] {true, false}) {
                var head = ProjectionHead.build(2, 16, 8, batchNorm);
                head.initialize(m, DataType.FLOAT32, new Shape(4, 32));
                var names = head.getParameters().keys();
                boolean hasNorm = names.stream().anyMatch(n -> n.contains("BatchNorm"));
                long biases = names.stream().filter(n -> n.endsWith("bias")).count();
                assertEquals(batchNorm, hasNorm, String.join(", ", names));
                assertEquals(batchNorm ? 1 : 2, biases, String.join(", ", names));
                NDArray z =
                        head.forward(
                                        new ParameterStore(m, false),
                                        new NDList(m.randomNormal(new Shape(4, 32))),
                                        true)
                                .singletonOrThrow();
                assertEquals(new Shape(4, 8), z.getShape());
            }
        }
    }
}
