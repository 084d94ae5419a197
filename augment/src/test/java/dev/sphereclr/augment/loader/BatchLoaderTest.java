package dev.sphereclr.augment.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.augment.data.ImageDataset;
import dev.sphereclr.augment.data.InMemoryDataset;
import dev.sphereclr.augment.transform.MultiViewTransform;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    static InMemoryDataset dataset(int n) {
        byte[] px = new byte[n * 32 * 32 * 3];
        new SplittableRandom(1).nextBytes(px);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new InMemoryDataset("noise", 32, 32, px, labels, List.of("a", "b", "c"));
    }

    static BatchLoader loader(ImageDataset data, int workers) {
        return BatchLoader.builder()
                .setDataset(data)
                .setTransform(MultiViewTransform.of(Presets.simclrCifar(32), 2))
                .setBatchSize(16)
                .optSeed(42)
                .optWorkers(workers)
                .build();
    }

    @Test
    void theSameSeedGivesTheSameBatchesWhateverTheWorkerCount() throws IOException {
        InMemoryDataset data = dataset(100);
        try (BatchLoader one = loader(data, 1);
                BatchLoader three = loader(data, 3)) {
            assertEquals(6, one.batchesPerEpoch());
            for (int b = 0; b < 8; b++) {
                Batch x = one.next();
                Batch y = three.next();
                assertArrayEquals(x.indices(), y.indices());
                assertArrayEquals(x.views()[0], y.views()[0]);
                assertArrayEquals(x.views()[1], y.views()[1]);
                assertFalse(Arrays.equals(x.views()[0], x.views()[1]), "two different views");
            }
        }
    }

    @Test
    void anEpochVisitsEveryImageOnceInAShuffledOrder() throws IOException {
        InMemoryDataset data = dataset(96);
        try (BatchLoader l = loader(data, 2)) {
            boolean[] seen = new boolean[96];
            int[] firstIndices = null;
            for (int b = 0; b < 6; b++) {
                Batch batch = l.next();
                assertEquals(0, batch.epoch());
                firstIndices = firstIndices == null ? batch.indices() : firstIndices;
                for (int i = 0; i < batch.size(); i++) {
                    assertFalse(seen[batch.indices()[i]]);
                    seen[batch.indices()[i]] = true;
                    assertEquals(batch.indices()[i] % 3, batch.labels()[i]);
                }
            }
            Batch next = l.next();
            assertEquals(1, next.epoch());
            assertFalse(Arrays.equals(firstIndices, next.indices()), "epoch 1 has a new order");
        }
    }

    @Test
    void aNewTransformMakesTheNextBatchAtItsSizeAndKeepsThePosition() throws IOException {
        InMemoryDataset data = dataset(100);
        try (BatchLoader loader = loader(data, 2);
                BatchLoader reference = loader(data, 1)) {
            loader.next();
            reference.next();
            loader.setTransform(MultiViewTransform.of(Presets.simclrCifar(16), 2));
            Batch small = loader.next();
            Batch full = reference.next();
            assertEquals(16, small.side());
            assertEquals(16 * 3 * 16 * 16, small.views()[0].length);
            assertEquals(1, small.position());
            assertArrayEquals(full.indices(), small.indices(), "the same images, smaller views");
        }
    }

    @Test
    void smallViewsOfMultiCropComeAtTheirOwnSize() throws IOException {
        InMemoryDataset data = dataset(40);
        ViewConfig global = Presets.simclrCifar(32);
        ViewConfig small = Presets.simclrCifar(16).toBuilder().optCropScale(0.05, 0.14).build();
        try (BatchLoader loader =
                        BatchLoader.builder()
                                .setDataset(data)
                                .setTransform(
                                        new MultiViewTransform(
                                                List.of(global, global, small, small, small)))
                                .setBatchSize(8)
                                .optSeed(3)
                                .optWorkers(1)
                                .build();
                NDManager manager = NDManager.newBaseManager()) {
            Batch b = loader.next();
            assertEquals(5, b.views().length);
            assertEquals(32, b.side(1));
            assertEquals(16, b.side(2));
            NDList arrays = new UploadBuffers(TensorLayout.CHANNELS_FIRST).upload(b, manager);
            assertEquals(new Shape(8, 3, 32, 32), arrays.get(0).getShape());
            assertEquals(new Shape(8, 3, 16, 16), arrays.get(4).getShape());
        }
    }

    @Test
    void resumingAtAPositionGivesTheSameBatch() throws IOException {
        InMemoryDataset data = dataset(100);
        Batch expected;
        try (BatchLoader l = loader(data, 2)) {
            for (int b = 0; b < 8; b++) {
                l.next();
            }
            expected = l.next();
        }
        try (BatchLoader l = loader(data, 2)) {
            l.start(1, 2);
            Batch got = l.next();
            assertEquals(expected.epoch(), got.epoch());
            assertArrayEquals(expected.views()[1], got.views()[1]);
        }
    }

    @Test
    void aWorkerErrorNamesTheFileAndStopsEveryThread() {
        ImageDataset failing =
                new ImageDataset() {
                    final InMemoryDataset inner = dataset(64);

                    @Override
                    public int size() {
                        return inner.size();
                    }

                    @Override
                    public int label(int index) {
                        return inner.label(index);
                    }

                    @Override
                    public RgbImage image(int index) throws IOException {
                        if (index == 5) {
                            throw new IOException("/data/img-5.jpg: cannot decode image");
                        }
                        return inner.image(index);
                    }

                    @Override
                    public List<String> classes() {
                        return inner.classes();
                    }

                    @Override
                    public String describe() {
                        return "failing";
                    }
                };
        BatchLoader l = loader(failing, 2);
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> {
                            for (int b = 0; b < 4; b++) {
                                l.next();
                            }
                        });
        assertTrue(e.getMessage().contains("img-5.jpg"), e.getMessage());
        l.close();
        assertTrue(loaderThreads().isEmpty(), "threads left: " + loaderThreads());
    }

    @Test
    void closeLeavesNoThreadBehind() throws IOException {
        try (BatchLoader l = loader(dataset(64), 3)) {
            l.next();
        }
        assertTrue(loaderThreads().isEmpty(), "threads left: " + loaderThreads());
    }

    @Test
    void batchesBecomeNormalizedNdArrays() throws IOException {
        try (BatchLoader l = loader(dataset(32), 1);
                ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            Batch b = l.next();
            ai.djl.ndarray.NDList views = b.toNDList(m, TensorLayout.CHANNELS_FIRST);
            assertEquals(new ai.djl.ndarray.types.Shape(16, 3, 32, 32), views.get(0).getShape());
            float mean = views.get(0).mean().getFloat();
            assertTrue(Math.abs(mean) < 1.0, "normalized mean " + mean);
        }
    }

    static List<String> loaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("sphereclr-loader"))
                .toList();
    }
}
