package dev.sphereclr.pretrain.export;

import ai.djl.Model;
import ai.djl.nn.Block;
import dev.sphereclr.augment.io.DurableFolders;
import dev.sphereclr.encoder.EncoderManifest;
import dev.sphereclr.encoder.io.AtomicFiles;
import dev.sphereclr.encoder.io.Checksums;
import dev.sphereclr.encoder.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an encoder export folder: {@code encoder-0000.params} (DJL's model format), {@code
 * manifest.json}, and last {@code checksums.sha256} over both.
 */
public final class EncoderExport {

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
