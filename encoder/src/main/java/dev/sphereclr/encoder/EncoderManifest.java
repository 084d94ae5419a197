package dev.sphereclr.encoder;

import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest.json} of an exported encoder: what it is, what it expects as input, and where it
 * came from. Readers refuse a {@code formatVersion} they do not know.
 */
public final class EncoderManifest {

    /**
     * The format this code writes. Version 2 differs from 1 only in that its folder must carry
     * {@code checksums.sha256}; version 1 folders were written with or without it, and are read
     * too.
     */
    public static final int FORMAT_VERSION = 2;

    /** The first format whose folders always carry checksums. */
    public static final int CHECKSUMMED_FROM = 2;

    /** The model name: DJL's {@code Model.save} writes {@code encoder-0000.params}. */
    public static final String MODEL_NAME = "encoder";

    /** The file name of the parameters inside the export folder (DJL's model format). */
    public static final String PARAMETERS_FILE = MODEL_NAME + "-0000.params";

    /**
     * The same parameters for PyTorch, in the export folder: torchvision's ResNet state-dict names
     * in the safetensors format ({@code dev.sphereclr.encoder.nn.TorchvisionNames}).
     */
    public static final String SAFETENSORS_FILE = "encoder.safetensors";

    /** The file name of the manifest inside the export folder. */
    public static final String MANIFEST_FILE = "manifest.json";

    public int formatVersion = FORMAT_VERSION;
    public String architecture;
    public String stem;
    public double width;
    public int inputSize;
    public float[] normalizationMean;
    public float[] normalizationStd;
    public int featureSize;
    public String parametersFile = PARAMETERS_FILE;

    /** Dataset, recipe, method, steps, seed, SEC weight, library versions, creation time. */
    public Map<String, Object> provenance = new LinkedHashMap<>();

    /** Reads and checks the {@code manifest.json} of the export in {@code folder}. */
    public static EncoderManifest read(Path folder) throws IOException {
        Path file = folder.resolve(MANIFEST_FILE);
        if (!Files.isDirectory(folder)) {
            throw new SettingException("--encoder " + folder + ": no such folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new SettingException(
                    folder + ": not an encoder export (no " + MANIFEST_FILE + ")");
        }
        EncoderManifest m = Json.read(file, EncoderManifest.class);
        if (m.formatVersion < 1 || m.formatVersion > FORMAT_VERSION) {
            throw new IOException(
                    file
                            + ": format version "
                            + m.formatVersion
                            + " is unknown; this SphereCLR reads versions 1 to "
                            + FORMAT_VERSION);
        }
        if (m.architecture == null || !m.architecture.matches("resnet(18|34|50)")) {
            throw new IOException(
                    file
                            + ": architecture '"
                            + m.architecture
                            + "' is not resnet18, resnet34 or resnet50");
        }
        if (m.stem == null || !m.stem.matches("cifar|imagenet")) {
            throw new IOException(file + ": stem '" + m.stem + "' is not cifar or imagenet");
        }
        if (m.normalizationMean == null
                || m.normalizationMean.length != 3
                || m.normalizationStd == null
                || m.normalizationStd.length != 3
                || m.inputSize < 8) {
            throw new IOException(
                    file + ": input size and normalization (3 means, 3 stds) are required");
        }
        return m;
    }
}
