package dev.sphereclr.encoder;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.sphereclr.encoder.image.EvalPreprocessing;
import dev.sphereclr.encoder.image.FloatImage;
import dev.sphereclr.encoder.image.ImageDecoder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * DJL's way to the same embeddings: a {@link Translator} from {@link Image} to {@code float[]} (the
 * manifest's evaluation preprocessing, then the encoder in inference mode), and {@link
 * #criteria(Path)} to load an export folder as a {@code ZooModel}:
 *
 * <pre>{@code
 * try (ZooModel<Image, float[]> model = EmbeddingTranslator.criteria(folder).loadModel();
 *         Predictor<Image, float[]> predictor = model.newPredictor()) {
 *     float[] embedding = predictor.predict(ImageFactory.getInstance().fromFile(file));
 * }
 * }</pre>
 */
public final class EmbeddingTranslator implements Translator<Image, float[]> {

    private final EvalPreprocessing preprocess;
    private final int side;

    /** A translator for the encoder {@code manifest} describes. */
    public EmbeddingTranslator(EncoderManifest manifest) {
        this.side = manifest.inputSize;
        this.preprocess = FrozenEncoder.preprocessingFor(manifest);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Image input) {
        FloatImage view = preprocess.apply(ImageDecoder.fromDjlImage(input));
        return new NDList(
                ctx.getNDManager().create(FloatBuffer.wrap(view.data()), new Shape(3, side, side)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
        return list.singletonOrThrow().toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    /**
     * Criteria that load the export {@code folder} with this translator, in inference mode. The
     * folder is checked first as {@link FrozenEncoder#load} checks it (checksums, manifest, every
     * parameter's shape), so both ways load the same encoder or refuse the same folder.
     *
     * @throws IOException naming the file at fault
     */
    public static Criteria<Image, float[]> criteria(Path folder) throws IOException {
        EncoderManifest manifest;
        try (EncoderFolder checked = EncoderFolder.load(folder)) {
            manifest = checked.manifest();
        }
        return Criteria.builder()
                .setTypes(Image.class, float[].class)
                .optModelPath(folder)
                .optModelName(EncoderManifest.MODEL_NAME)
                .optEngine("PyTorch")
                .optBlock(EncoderFolder.architecture(manifest).block())
                .optTranslator(new EmbeddingTranslator(manifest))
                .build();
    }
}
