package dev.sphereclr.pretrain.export;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.sphereclr.encoder.EncoderFolder;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.AtomicFiles;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import dev.sphereclr.encoder.io.SafeTensors;
import dev.sphereclr.encoder.nn.TorchvisionNames;
import dev.sphereclr.runtime.io.DurableFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes an encoder export folder: {@code encoder-0000.params} (DJL's model format), {@code
 * manifest.json}, and last {@code checksums.sha256} over both.
 */
public final class EncoderExport {

    /** The projection head's tensors in the export folder, for PyTorch. */
    public static final String HEAD_FILE = "head.safetensors";

    private EncoderExport() {}

    /**
     * Writes {@code encoder}'s parameters (batch-norm statistics included) and {@code manifest}
     * into {@code folder}, through a temporary sibling folder synced and renamed into place, so
     * that a reader never sees half an export. An existing export at {@code folder} is replaced.
     *
     * @throws IOException naming the export folder; the previous export, if any, is unchanged
     */
    public static void write(Block encoder, EncoderManifest manifest, Path folder)
            throws IOException {
        write(encoder, null, manifest, folder);
    }

    /**
     * As {@link #write(Block, EncoderManifest, Path)}, with the projection head's tensors too
     * ({@code head.safetensors}, PyTorch's names for the same {@code nn.Sequential}), or none.
     */
    public static void write(
            Block encoder,
            Map<String, SafeTensors.Tensor> head,
            EncoderManifest manifest,
            Path folder)
            throws IOException {
        Path target = folder.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = null;
        try {
            tmp = AtomicFiles.temporary(target.getParent(), "." + target.getFileName() + "-", true);
            // DJL's own model format, so that Criteria / ZooModel can load the folder too.
            try (Model model = Model.newInstance(EncoderManifest.MODEL_NAME)) {
                model.setBlock(encoder);
                model.setProperty("architecture", manifest.architecture);
                model.save(tmp, EncoderManifest.MODEL_NAME);
            }
            Json.write(tmp.resolve(EncoderManifest.MANIFEST_FILE), manifest);
            // The same parameters for PyTorch: torchvision's names, loadable with strict=True.
            SafeTensors.write(
                    tmp.resolve(EncoderManifest.SAFETENSORS_FILE),
                    TorchvisionNames.tensors(EncoderFolder.architecture(manifest), encoder),
                    safetensorsMetadata(manifest, EncoderFolder.id(tmp, manifest)));
            if (head != null) {
                SafeTensors.write(tmp.resolve(HEAD_FILE), head, Map.of("format", "pt"));
            }
            Checksums.write(tmp);
            if (Files.exists(target)) {
                Path old = old(target);
                DurableFolders.deleteTree(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                DurableFolders.publish(tmp, target);
                DurableFolders.deleteTree(old);
            } else {
                DurableFolders.publish(tmp, target);
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "cannot write the encoder export "
                            + target
                            + " ("
                            + e
                            + ")"
                            + (Files.isDirectory(target)
                                    ? "; the previous export there is unchanged"
                                    : ""),
                    e);
        } finally {
            if (tmp != null) {
                DurableFolders.deleteTree(tmp);
            }
        }
    }

    /**
     * What {@code encoder.safetensors} says of itself: enough to build the module and preprocess
     * its input without the manifest (safetensors metadata are strings).
     */
    static Map<String, String> safetensorsMetadata(EncoderManifest m, String id) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("architecture", m.architecture);
        meta.put("stem", m.stem);
        meta.put("width", Double.toString(m.width));
        meta.put("input_size", Integer.toString(m.inputSize));
        meta.put("normalization_mean", Arrays.toString(m.normalizationMean));
        meta.put("normalization_std", Arrays.toString(m.normalizationStd));
        meta.put("feature_size", Integer.toString(m.featureSize));
        meta.put("encoder_id", id);
        meta.put("names", "torchvision ResNet state dict without fc");
        return meta;
    }

    /**
     * Removes what an interrupted {@link #write} into {@code folder} left beside it: partial
     * temporary folders, and the previous export moved aside (put back when the new one never
     * arrived).
     */
    public static void cleanLeftovers(Path folder) throws IOException {
        Path target = folder.toAbsolutePath();
        Path old = old(target);
        if (Files.isDirectory(old)) {
            if (Files.exists(target)) {
                DurableFolders.deleteTree(old);
            } else {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        String prefix = "." + target.getFileName() + "-";
        List<Path> partial;
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            partial = siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
        for (Path p : partial) {
            DurableFolders.deleteTree(p);
        }
    }

    private static Path old(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".old");
    }
}
