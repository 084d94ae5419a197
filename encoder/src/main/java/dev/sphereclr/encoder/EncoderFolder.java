package dev.sphereclr.encoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.SettingException;
import dev.sphereclr.encoder.nn.ResNet;
import dev.sphereclr.encoder.nn.Stem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way an export folder is loaded, whoever loads it ({@code FrozenEncoder}, DJL's {@code
 * Criteria}, {@code eval}): its checksums, its manifest, then its parameters into the manifest's
 * architecture, every parameter's shape compared with that architecture's.
 *
 * @param manifest the checked manifest
 * @param resnet the encoder, its parameters loaded
 * @param model the DJL model that holds them (the caller closes it)
 */
public record EncoderFolder(EncoderManifest manifest, ResNet resnet, Model model)
        implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EncoderFolder.class);

    /**
     * Checks and loads the export in {@code folder}, which must carry its checksums.
     *
     * @throws IOException naming the file at fault: a checksum mismatch, missing checksums, a
     *     manifest of an unknown format or architecture, parameters that do not fit it
     */
    public static EncoderFolder load(Path folder) throws IOException {
        return load(folder, false);
    }

    /**
     * Checks and loads the export in {@code folder}; with {@code allowUnchecked}, a folder of
     * format 1 without checksums (exported before they existed) loads too, with a warning. A folder
     * of a later format without checksums is refused either way: it is incomplete.
     */
    public static EncoderFolder load(Path folder, boolean allowUnchecked) throws IOException {
        Checksums.Status checked = Checksums.verify(folder);
        EncoderManifest manifest = EncoderManifest.read(folder);
        if (checked == Checksums.Status.ABSENT) {
            uncheckedAllowed(folder, manifest, allowUnchecked);
        }
        ResNet resnet = architecture(manifest);
        Model model = Model.newInstance(EncoderManifest.MODEL_NAME);
        model.setBlock(resnet.block());
        Path parameters = folder.resolve(manifest.parametersFile);
        try {
            model.load(folder, EncoderManifest.MODEL_NAME);
            ParameterShapes.check(
                    resnet.block(),
                    architecture(manifest).block(),
                    new Shape(1, 3, manifest.inputSize, manifest.inputSize),
                    parameters);
            if (resnet.featureSize() != manifest.featureSize) {
                throw new IOException(
                        "the manifest says feature size "
                                + manifest.featureSize
                                + ", the architecture gives "
                                + resnet.featureSize());
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IOException(
                    parameters
                            + ": the parameters do not fit a "
                            + manifest.architecture
                            + " ("
                            + manifest.stem
                            + " stem, width "
                            + manifest.width
                            + ") (architecture mismatch or damaged file): "
                            + (e.getMessage() != null ? e.getMessage() : e.toString()),
                    e);
        }
        return new EncoderFolder(manifest, resnet, model);
    }

    private static void uncheckedAllowed(
            Path folder, EncoderManifest manifest, boolean allowUnchecked) throws IOException {
        if (manifest.formatVersion >= EncoderManifest.CHECKSUMMED_FROM) {
            throw new IOException(
                    folder.resolve(Checksums.FILE)
                            + " is missing: exports of format "
                            + manifest.formatVersion
                            + " carry it, so the folder is incomplete or was altered; export the"
                            + " encoder again");
        }
        if (!allowUnchecked) {
            throw new SettingException(
                    folder
                            + " has no "
                            + Checksums.FILE
                            + ": it was exported before exports carried checksums (format 1)"
                            + " and nothing can show it is undamaged; --allow-unchecked"
                            + " (FrozenEncoder.loadUnchecked) loads it anyway");
        }
        LOG.warn("{} has no {}: loaded unchecked, as asked", folder, Checksums.FILE);
    }

    /**
     * The id of the export in {@code folder} ({@link FrozenEncoder#id()}): architecture, stem and
     * width, then the first 16 hex digits of the SHA-256 of its manifest and parameters.
     */
    public static String id(Path folder, EncoderManifest m) throws IOException {
        String digest =
                Checksums.sha256(
                        List.of(
                                folder.resolve(EncoderManifest.MANIFEST_FILE),
                                folder.resolve(m.parametersFile)));
        return idOf(m, digest);
    }

    /** An encoder's id from its manifest and the SHA-256 of its files. */
    static String idOf(EncoderManifest m, String sha256) {
        return m.architecture + "-" + m.stem + "@" + m.width + "/" + sha256.substring(0, 16);
    }

    /** The encoder {@code manifest} describes, without parameters. */
    public static ResNet architecture(EncoderManifest manifest) {
        return ResNet.builder()
                .setArchitecture(manifest.architecture)
                .optStem(Stem.valueOf(manifest.stem.toUpperCase(Locale.ROOT)))
                .optWidth(manifest.width)
                .build();
    }

    @Override
    public void close() {
        model.close();
    }
}
