package dev.sphereclr.pretrain.export;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code manifest.json} of an exported encoder: what it is, what it expects as input, and where it
 * came from. Readers refuse a {@code formatVersion} they do not know.
 */
public final class EncoderManifest {

    /** The format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    /** The model name: DJL's {@code Model.save} writes {@code encoder-0000.params}. */
    public static final String MODEL_NAME = "encoder";

    /** The file name of the parameters inside the export folder (DJL's model format). */
    public static final String PARAMETERS_FILE = MODEL_NAME + "-0000.params";

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
}
