package dev.sphereclr.pretrain.export;

import ai.djl.Model;
import ai.djl.nn.Block;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.sphereclr.augment.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an encoder export folder: {@code encoder-0000.params} (DJL's model format) and {@code
 * manifest.json}.
 */
public final class EncoderExport {

    private EncoderExport() {}

    /**
     * Writes {@code encoder}'s parameters (batch-norm statistics included) and {@code manifest}
     * into {@code folder}, through a temporary sibling folder renamed into place, so that a reader
     * never sees half an export. An existing export at {@code folder} is replaced.
     */
    public static void write(Block encoder, EncoderManifest manifest, Path folder)
            throws IOException {
        Path target = folder.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + "-");
        try {
            // DJL's own model format, so that Criteria / ZooModel can load the folder too.
            try (Model model = Model.newInstance(EncoderManifest.MODEL_NAME)) {
                model.setBlock(encoder);
                model.setProperty("architecture", manifest.architecture);
                model.save(tmp, EncoderManifest.MODEL_NAME);
            }
            Json.write(tmp.resolve(EncoderManifest.MANIFEST_FILE), manifest);
            if (Files.exists(target)) {
                Path old = target.resolveSibling("." + target.getFileName() + ".old");
                deleteTree(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(old);
            } else {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
    }
}
