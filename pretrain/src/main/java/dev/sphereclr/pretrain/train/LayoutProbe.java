package dev.sphereclr.pretrain.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.nn.TensorLayout;
import dev.sphereclr.pretrain.config.PretrainConfig;
import dev.sphereclr.pretrain.nn.SslModel;
import dev.sphereclr.runtime.ParentWatch;
import dev.sphereclr.runtime.Relauncher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times a run's model in both batch layouts. Which one libtorch trains faster depends on the
 * processor's convolution kernels (the same ResNet-18 step ran 1.1 times as fast channels-last on
 * one machine and 1.5 times as fast channels-first on another), so a run measures it rather than
 * assume it.
 *
 * <p>The probe runs in a child JVM of its own: under the allocator settings that make training fast
 * (freed pages are kept for reuse), the probe's smaller activations stayed resident in the training
 * process and raised its peak by about 230 MB for a ResNet-18 step.
 */
public final class LayoutProbe {

    private static final Logger LOG = LoggerFactory.getLogger(LayoutProbe.class);

    /** Timed passes per layout, after one untimed pass each. */
    private static final int TRIALS = 2;

    /** How the child reports: this word, the faster layout's id, then seconds per layout. */
    private static final String REPORT = "LAYOUT";

    private LayoutProbe() {}

    /**
     * The child's entry point: reads a configuration (JSON), probes, prints one report line.
     *
     * @param args the configuration file
     */
    public static void main(String[] args) throws IOException {
        ParentWatch.startFromProperty();
        PretrainConfig config = Json.read(Path.of(args[0]), PretrainConfig.class);
        if (!EngineThreads.isSet()) {
            EngineThreads.set(config.run.threads);
        }
        try (NDManager manager = NDManager.newBaseManager(Devices.of(config.runDevice()))) {
            TensorLayout.Choice c = forTraining(config, manager);
            StringBuilder line = new StringBuilder(REPORT).append(' ').append(c.layout().id());
            for (TensorLayout l : TensorLayout.TRAINABLE) {
                line.append(' ').append(c.seconds().get(l));
            }
            System.out.println(line);
        }
    }

    /**
     * Probes in a child JVM ({@link #main}) with this process's class path, options and
     * environment; falls back to probing here if the child fails.
     */
    static TensorLayout.Choice inChildJvm(PretrainConfig config, NDManager manager) {
        Path file = null;
        try {
            file = Files.createTempFile("sphereclr-layout", ".json");
            Json.write(file, config);
            Process child =
                    new ProcessBuilder(
                                    Relauncher.javaCommand(
                                            LayoutProbe.class, List.of(file.toString())))
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = child.waitFor();
            for (String line : out.split("\\R")) {
                if (line.startsWith(REPORT + " ")) {
                    return parse(line);
                }
            }
            LOG.warn("layout probe exited with {} and no report; probing in this process", code);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.warn("layout probe failed ({}); probing in this process", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("layout probe interrupted; probing in this process");
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
        return forTraining(config, manager);
    }

    /** A report line back into a choice. */
    static TensorLayout.Choice parse(String line) {
        String[] f = line.trim().split(" ");
        List<TensorLayout> all = TensorLayout.TRAINABLE;
        if (f.length != 2 + all.size() || !f[0].equals(REPORT)) {
            throw new IllegalArgumentException("not a layout report: '" + line + "'");
        }
        Map<TensorLayout, Double> seconds = new EnumMap<>(TensorLayout.class);
        for (int i = 0; i < all.size(); i++) {
            seconds.put(all.get(i), Double.parseDouble(f[2 + i]));
        }
        return new TensorLayout.Choice(TensorLayout.parse("layout report", f[1]), seconds);
    }

    /**
     * Forward and backward passes of a throwaway copy of the run's encoder and head (its own
     * parameters, freed at the end) on a small batch of two views; the run's model is not touched.
     */
    static TensorLayout.Choice forTraining(PretrainConfig config, NDManager parent) {
        int side = config.data.imageSize;
        // Enough images for the kernels' blocking to look like a real step's, few enough to
        // take seconds: 2 x 32 views of 32 px, 2 x 8 of 224 px.
        int images = 2 * Math.min(config.budget.batchSize, ImageScale.small(side) ? 32 : 8);
        float[] planar = new float[images * 3 * side * side];
        SplittableRandom random = new SplittableRandom(config.run.seed);
        for (int i = 0; i < planar.length; i++) {
            planar[i] = (float) (random.nextDouble() * 2 - 1);
        }
        try (NDManager scope = parent.newSubManager()) {
            SslModel model = config.modelSpec().build(scope);
            ParameterStore store = new ParameterStore(scope, false);
            return TensorLayout.fastest(
                    TensorLayout.TRAINABLE,
                    layout -> {
                        try (NDManager step = scope.newSubManager();
                                GradientCollector collector =
                                        Engine.getInstance().newGradientCollector()) {
                            NDArray x = layout.create(step, planar, images, side);
                            NDArray z = model.forward(store, new NDList(x), true).get(1);
                            collector.backward(z.square().mean());
                        }
                    },
                    TRIALS);
        }
    }
}
