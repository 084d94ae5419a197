package dev.sphereclr.eval.encoder;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import dev.sphereclr.augment.image.FloatImage;
import dev.sphereclr.augment.image.ImageDecoder;
import dev.sphereclr.augment.image.ImageScale;
import dev.sphereclr.augment.image.RgbImage;
import dev.sphereclr.augment.loader.Batch;
import dev.sphereclr.augment.loader.TensorLayout;
import dev.sphereclr.augment.transform.Presets;
import dev.sphereclr.augment.transform.ViewConfig;
import dev.sphereclr.augment.transform.ViewTransform;
import dev.sphereclr.pretrain.export.EncoderFolder;
import dev.sphereclr.pretrain.export.EncoderManifest;
import dev.sphereclr.pretrain.nn.FoldedEncoder;
import dev.sphereclr.pretrain.nn.ResNet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pretrained encoder, frozen: loaded from the folder pretrain exports ({@code manifest.json} +
 * parameters), run in inference mode (batch norm uses its running statistics, nothing records
 * gradients). Turns images into embeddings of {@link #featureSize()} floats.
 *
 * <pre>{@code
 * try (FrozenEncoder encoder = FrozenEncoder.load(Path.of("runs/pretrain/encoder"))) {
 *     float[] embedding = encoder.embed(ImageIO.read(new File("cat.jpg")));
 * }
 * }</pre>
 */
public final class FrozenEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenEncoder.class);

    private final EncoderManifest manifest;
    private final ResNet resnet;
    private final Model model;
    private final NDManager manager;
    private final ViewTransform preprocess;
    private final String identity;
    private final FoldedEncoder folded;
    private final TensorLayout layout;

    private FrozenEncoder(EncoderManifest manifest, ResNet resnet, Model model, String identity) {
        this.manifest = manifest;
        this.resnet = resnet;
        this.model = model;
        this.manager = model.getNDManager();
        this.identity = identity;
        this.preprocess = preprocessingFor(manifest);
        for (Parameter p : resnet.block().getParameters().values()) {
            p.getArray().setRequiresGradient(false);
        }
        // Frozen: fold every batch norm into its convolution once.
        this.folded = new FoldedEncoder(resnet, manager);
        int side = manifest.inputSize;
        TensorLayout.Choice choice = folded.fastestLayout(ImageScale.small(side) ? 32 : 8, side);
        LOG.debug("batch layout: {}", choice);
        this.layout = choice.layout();
    }

    /**
     * The memory order in which this encoder embeds batches fastest on this machine: give {@link
     * #embed(NDArray)} its batches in it.
     */
    public TensorLayout layout() {
        return layout;
    }

    /**
     * Loads an export folder, checked as every loading path checks it ({@link EncoderFolder}).
     *
     * @throws IOException naming the folder or file when a checksum differs, the manifest is
     *     missing or of an unknown format version, or the parameters do not fit its architecture
     */
    public static FrozenEncoder load(Path folder) throws IOException {
        EncoderFolder loaded = EncoderFolder.load(folder);
        Path parameters = folder.resolve(loaded.manifest().parametersFile);
        String identity =
                folder.toAbsolutePath()
                        + "@"
                        + Files.size(parameters)
                        + "@"
                        + Files.getLastModifiedTime(parameters).toMillis();
        return new FrozenEncoder(loaded.manifest(), loaded.resnet(), loaded.model(), identity);
    }

    /**
     * A randomly initialized encoder, the floor every report shows: {@code random:resnet18-cifar},
     * {@code random:resnet50-imagenet}, optionally {@code @width} ({@code
     * random:resnet18-cifar@0.5}).
     */
    public static FrozenEncoder random(String spec, long seed) {
        EncoderManifest m = floorManifest(spec);
        ResNet resnet = EncoderFolder.architecture(m);
        m.provenance.put("seed", seed);
        Engine.getInstance().setRandomSeed((int) seed);
        Model model = Model.newInstance("random");
        resnet.block()
                .setInitializer(
                        new XavierInitializer(
                                XavierInitializer.RandomType.GAUSSIAN,
                                XavierInitializer.FactorType.OUT,
                                2),
                        Parameter.Type.WEIGHT);
        resnet.block()
                .initialize(
                        model.getNDManager(),
                        DataType.FLOAT32,
                        new Shape(1, 3, m.inputSize, m.inputSize));
        model.setBlock(resnet.block());
        return new FrozenEncoder(m, resnet, model, spec + "@seed" + seed + "@width" + m.width);
    }

    /**
     * The manifest of the floor {@code spec} names ({@code random:ARCH-STEM[@WIDTH]}), without
     * building it: for refusing a bad {@code --encoder} before any work.
     *
     * @throws IllegalArgumentException naming {@code --encoder} and what is wrong
     */
    public static EncoderManifest floorManifest(String spec) {
        String body = spec.startsWith("random:") ? spec.substring("random:".length()) : spec;
        String[] widthSplit = body.split("@");
        String[] parts = widthSplit[0].split("-");
        if (parts.length != 2 || !parts[1].matches("cifar|imagenet")) {
            throw new IllegalArgumentException(
                    "--encoder "
                            + spec
                            + ": expected random:ARCH-STEM such as random:resnet18-cifar");
        }
        EncoderManifest m = new EncoderManifest();
        m.architecture = parts[0].toLowerCase(Locale.ROOT);
        m.stem = parts[1];
        boolean cifar = m.stem.equals("cifar");
        m.inputSize = cifar ? 32 : 224;
        ViewConfig eval = cifar ? Presets.evalCifar() : Presets.evalImageNet(224);
        m.normalizationMean = eval.mean();
        m.normalizationStd = eval.std();
        try {
            m.width = widthSplit.length > 1 ? Double.parseDouble(widthSplit[1]) : 1.0;
            m.featureSize = EncoderFolder.architecture(m).featureSize();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--encoder " + spec + ": " + e.getMessage(), e);
        }
        m.provenance.put("method", "random initialization");
        return m;
    }

    /**
     * The evaluation preprocessing an encoder expects: the image at its size (CIFAR-sized inputs)
     * or resized and centre-cropped (ImageNet-sized), normalized with the manifest's statistics.
     */
    public static ViewTransform preprocessingFor(EncoderManifest manifest) {
        ViewConfig eval =
                ImageScale.small(manifest.inputSize)
                        ? Presets.evalCifar().toBuilder()
                                .setSize(manifest.inputSize)
                                .optCenterCrop(manifest.inputSize)
                                .build()
                        : Presets.evalImageNet(manifest.inputSize);
        return eval.toBuilder()
                .optNormalize(manifest.normalizationMean, manifest.normalizationStd)
                .build()
                .build();
    }

    /** The manifest. */
    public EncoderManifest manifest() {
        return manifest;
    }

    /** Floats per embedding. */
    public int featureSize() {
        return resnet.featureSize();
    }

    /** A string that changes when the encoder does (folder, size and time of its parameters). */
    public String identity() {
        return identity;
    }

    /** The evaluation preprocessing the manifest asks for. */
    public ViewTransform preprocessing() {
        return preprocess;
    }

    /**
     * The encoder's block (its parameters must not be changed; for probes that train through it).
     */
    public Block block() {
        return resnet.block();
    }

    /** A manager on the encoder's device for callers' arrays. */
    public NDManager manager() {
        return manager;
    }

    /**
     * Embeds a batch of preprocessed images {@code N x 3 x H x W} in inference mode (batch norms
     * folded into the convolutions).
     *
     * @return {@code N x featureSize}, owned by the batch's manager
     */
    public NDArray embed(NDArray batch) {
        return folded.forward(batch);
    }

    /** Embeds decoded images (preprocessed by the manifest's evaluation transform). */
    public float[][] embed(List<RgbImage> images) {
        int side = manifest.inputSize;
        int per = 3 * side * side;
        float[] batch = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            FloatImage view = preprocess.apply(images.get(i), null);
            Batch.put(view.data(), side, batch, i);
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = layout.create(scope, batch, images.size(), side);
            float[] flat = embed(x).toFloatArray();
            float[][] out = new float[images.size()][featureSize()];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * featureSize(), out[i], 0, featureSize());
            }
            return out;
        }
    }

    /** Embeds one image. */
    public float[] embed(RgbImage image) {
        return embed(List.of(image))[0];
    }

    /** Embeds one {@link BufferedImage}. */
    public float[] embed(BufferedImage image) {
        return embed(ImageDecoder.fromBufferedImage(image));
    }

    /** Embeds one DJL {@link Image}. */
    public float[] embed(Image image) {
        return embed(toRgb(image));
    }

    /** DJL image to RGB bytes. */
    static RgbImage toRgb(Image image) {
        Object wrapped = image.getWrappedImage();
        if (wrapped instanceof BufferedImage b) {
            return ImageDecoder.fromBufferedImage(b);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray hwc = image.toNDArray(m, Image.Flag.COLOR);
            int h = (int) hwc.getShape().get(0);
            int w = (int) hwc.getShape().get(1);
            return new RgbImage(h, w, hwc.toType(DataType.UINT8, false).toByteArray());
        }
    }

    @Override
    public void close() {
        folded.close();
        model.close();
    }
}
