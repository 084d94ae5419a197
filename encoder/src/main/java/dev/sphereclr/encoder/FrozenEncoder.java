package dev.sphereclr.encoder;

import ai.djl.Model;
import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.ImageScale;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.encoder.nn.FoldedEncoder;
import dev.sphereclr.encoder.nn.Inference;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.TensorLayout;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 *
 * <p>Safe to share between threads: any number may embed at once (each batch gets its own arrays; 8
 * threads give the embeddings one thread gives, {@code FrozenEncoderThreadsTest}). {@link #close()}
 * waits for the embeddings under way, and any use after it throws an {@link IllegalStateException}
 * naming the encoder.
 */
public final class FrozenEncoder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrozenEncoder.class);

    private final EncoderManifest manifest;
    private final ResNet resnet;
    private final Model model;
    private final NDManager manager;
    private final EvalPreprocessing preprocess;
    private final String identity;
    private final String id;
    private final Inference folded;
    private final TensorLayout layout; // null: the fastest on this machine, timed at first use
    private final ReadWriteLock use = new ReentrantReadWriteLock();
    private boolean closed;
    private TensorLayout fastest;

    FrozenEncoder(
            EncoderManifest manifest,
            ResNet resnet,
            Model model,
            String identity,
            String id,
            TensorLayout layout) {
        // Frozen: no gradients, every batch norm folded into its convolution once.
        this(
                manifest,
                resnet,
                model,
                new FoldedEncoder(frozen(resnet), model.getNDManager()),
                identity,
                id,
                layout);
    }

    /** A frozen module that is not SphereCLR's ResNet ({@link TorchScriptEncoder}): no resnet. */
    FrozenEncoder(
            EncoderManifest manifest,
            ResNet resnet,
            Model model,
            Inference inference,
            String identity,
            String id,
            TensorLayout layout) {
        this.manifest = manifest;
        this.resnet = resnet;
        this.model = model;
        this.manager = model.getNDManager();
        this.identity = identity;
        this.id = id;
        this.preprocess = preprocessingFor(manifest);
        this.folded = inference;
        this.layout = layout;
    }

    private static ResNet frozen(ResNet resnet) {
        for (Parameter p : resnet.block().getParameters().values()) {
            p.getArray().setRequiresGradient(false);
        }
        return resnet;
    }

    /**
     * The memory order of the batches {@link #embed(List)} makes: the one asked for at loading, or
     * else {@link #fastestLayout()}.
     */
    public TensorLayout layout() {
        return layout != null ? layout : fastestLayout();
    }

    /**
     * The memory order in which this encoder embeds batches fastest on this machine, timed on the
     * first call (a few inference passes) and remembered: for callers that embed many batches with
     * {@link #embed(NDArray)}.
     */
    public synchronized TensorLayout fastestLayout() {
        if (fastest == null) {
            // The timing passes use the encoder too: close() must wait for them.
            use.readLock().lock();
            try {
                open();
                int side = manifest.inputSize;
                TensorLayout.Choice choice =
                        folded.fastestLayout(ImageScale.small(side) ? 32 : 8, side);
                LOG.debug("batch layout: {}", choice);
                fastest = choice.layout();
            } finally {
                use.readLock().unlock();
            }
        }
        return fastest;
    }

    /**
     * Loads an export folder, checked as every loading path checks it ({@link EncoderFolder}), or a
     * {@code .safetensors} file under torchvision's names ({@link SafetensorsEncoder}); {@link
     * #embed(List)} makes its batches in the {@link #fastestLayout()}, timed at its first batch (on
     * an Intel Xeon channels-last embedded 224 px images fastest, oneDNN's blocked layout 32 and 80
     * px ones).
     *
     * @throws IOException naming the folder or file when a checksum differs, the manifest is
     *     missing or of an unknown format version, or the parameters do not fit its architecture
     */
    public static FrozenEncoder load(Path folder) throws IOException {
        return EncoderSources.open(folder, null, false, null);
    }

    /**
     * Loads an export folder as {@link #load(Path)} does, making the batches of {@link
     * #embed(List)} in {@code layout}.
     */
    public static FrozenEncoder load(Path folder, TensorLayout layout) throws IOException {
        return EncoderSources.open(folder, layout, false, null);
    }

    /**
     * Loads an export folder as {@link #load(Path)} does, but also one of format 1 written before
     * exports carried checksums: nothing shows such a folder is undamaged, so only a caller who
     * says so loads it ({@code --allow-unchecked} on the command line).
     */
    public static FrozenEncoder loadUnchecked(Path folder) throws IOException {
        return EncoderSources.open(folder, null, true, null);
    }

    /**
     * Loads a ResNet encoder trained elsewhere from a safetensors file under torchvision's names,
     * with the input size and normalization {@code options} give where the file does not say them
     * ({@link SafetensorsEncoder}).
     */
    public static FrozenEncoder load(Path file, SafetensorsEncoder.Options options)
            throws IOException {
        return TorchScriptEncoder.handles(file)
                ? TorchScriptEncoder.load(file, options)
                : SafetensorsEncoder.load(file, options);
    }

    /**
     * Loads an export folder as {@link #load(Path)} does (or {@link #loadUnchecked} does, with
     * {@code allowUnchecked}), evaluated at {@code inputSize} pixels instead of its manifest's size
     * when not null: a network trained on random crops meets objects larger in them than a centre
     * crop of the same side shows, so a larger side can classify better (FixRes, Touvron et al.
     * 2019).
     *
     * @throws IllegalArgumentException if {@code inputSize} is under 8 pixels
     */
    public static FrozenEncoder load(Path folder, Integer inputSize, boolean allowUnchecked)
            throws IOException {
        return EncoderSources.open(folder, null, allowUnchecked, inputSize);
    }

    /** The evaluation preprocessing {@code manifest} asks for. */
    public static EvalPreprocessing preprocessingFor(EncoderManifest manifest) {
        return new EvalPreprocessing(
                manifest.inputSize, manifest.normalizationMean, manifest.normalizationStd);
    }

    /** The manifest. */
    public EncoderManifest manifest() {
        return manifest;
    }

    /** Floats per embedding. */
    public int featureSize() {
        return resnet != null ? resnet.featureSize() : manifest.featureSize;
    }

    /** A string that changes when the encoder does (folder, size and time of its parameters). */
    public String identity() {
        return identity;
    }

    /**
     * The encoder's name wherever its folder is copied: architecture, stem and width, then the
     * first 16 hex digits of the SHA-256 of its manifest and parameters ({@code
     * resnet18-cifar@0.25/f9c08ff6942dfcc6}); {@code random:...@seedN} for a floor.
     */
    public String id() {
        return id;
    }

    /** The evaluation preprocessing the manifest asks for. */
    public EvalPreprocessing preprocessing() {
        return preprocess;
    }

    /**
     * The encoder's block (its parameters must not be changed; for probes that train through it).
     */
    public Block block() {
        if (resnet == null) {
            throw new UnsupportedOperationException(
                    id
                            + " is a TorchScript module: nothing trains through it here (the fast"
                            + " protocol evaluates it)");
        }
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
        use.readLock().lock();
        try {
            open();
            return folded.forward(batch);
        } finally {
            use.readLock().unlock();
        }
    }

    /** Its manager, unless the encoder is closed; callers hold the read lock. */
    private NDManager open() {
        if (closed) {
            throw new IllegalStateException(
                    "FrozenEncoder " + id + " is closed: load it again to embed");
        }
        return manager;
    }

    /** Embeds decoded images (preprocessed by the manifest's evaluation transform). */
    public float[][] embed(List<RgbImage> images) {
        int side = manifest.inputSize;
        int per = 3 * side * side;
        float[] batch = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            FloatImage view = preprocess.apply(images.get(i));
            System.arraycopy(view.data(), 0, batch, i * per, per);
        }
        TensorLayout order = layout();
        use.readLock().lock();
        try (NDManager scope = open().newSubManager()) {
            NDArray x = order.create(scope, batch, images.size(), side);
            float[] flat = embed(x).toFloatArray();
            float[][] out = new float[images.size()][featureSize()];
            for (int i = 0; i < out.length; i++) {
                System.arraycopy(flat, i * featureSize(), out[i], 0, featureSize());
            }
            return out;
        } finally {
            use.readLock().unlock();
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
        return embed(ImageDecoder.fromDjlImage(image));
    }

    /** Frees the encoder's native memory once the embeddings under way have ended. */
    @Override
    public void close() {
        use.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                folded.close();
                model.close();
            }
        } finally {
            use.writeLock().unlock();
        }
    }
}
