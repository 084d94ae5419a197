package org.example;

// README: imports
import ai.djl.ModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.sphereclr.encoder.EmbeddingTranslator;
import dev.sphereclr.encoder.FrozenEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

// README: end

/**
 * The README's two ways to embed an image with an exported encoder, as a downstream project writes
 * them. The build compiles and runs them, and a test checks that the README quotes them as they are
 * here (the regions between {@code // README:} markers).
 *
 * <p>{@code java org.example.EmbedImages ENCODER_FOLDER IMAGE} prints both embeddings' first
 * values.
 */
public final class EmbedImages {

    private EmbedImages() {}

    /** The embedding of one image file, by the plain API. */
    // README: plain
    static float[] embed(Path encoderFolder, Path imageFile) throws IOException {
        try (FrozenEncoder encoder = FrozenEncoder.load(encoderFolder)) {
            return encoder.embed(ImageIO.read(imageFile.toFile()));
        }
    }

    // README: end

    /** The same embedding the DJL way: a ZooModel and a Predictor. */
    // README: djl
    static float[] embedWithDjl(Path encoderFolder, Path imageFile)
            throws IOException, ModelException, TranslateException {
        try (ZooModel<Image, float[]> model =
                        EmbeddingTranslator.criteria(encoderFolder).loadModel();
                Predictor<Image, float[]> predictor = model.newPredictor()) {
            return predictor.predict(ImageFactory.getInstance().fromFile(imageFile));
        }
    }

    // README: end

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: EmbedImages ENCODER_FOLDER IMAGE");
            System.exit(2);
        }
        // Before DJL's first use: no network probes.
        // README: offline
        System.setProperty("ai.djl.offline", "true");
        // README: end
        Path encoder = Path.of(args[0]);
        Path image = Path.of(args[1]);
        float[] plain = embed(encoder, image);
        float[] djl = embedWithDjl(encoder, image);
        System.out.println(
                plain.length
                        + " floats; plain "
                        + Arrays.toString(Arrays.copyOf(plain, 3))
                        + ", DJL "
                        + Arrays.toString(Arrays.copyOf(djl, 3)));
    }
}
