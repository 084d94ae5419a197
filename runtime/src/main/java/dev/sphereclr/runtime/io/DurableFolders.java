package dev.sphereclr.runtime.io;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.sphereclr.encoder.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Folders written whole (a checkpoint, an encoder export): filled under a temporary name, synced to
 * the disk (every file, then the folder), renamed into place, and the rename synced through the
 * parent folder, so that after a crash or a power cut the folder is either whole or absent.
 */
public final class DurableFolders {

    private DurableFolders() {}

    /**
     * Forces every file and folder under {@code root} to the disk, the files before their folder.
     */
    public static void sync(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList(); // children before parents
        }
        for (Path p : all) {
            force(p);
        }
    }

    /**
     * Moves the whole folder {@code tmp} to {@code target} (replacing nothing: the caller has moved
     * any old one aside) and syncs the rename.
     */
    public static void publish(Path tmp, Path target) throws IOException {
        sync(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        force(target.toAbsolutePath().getParent());
    }

    /** Deletes a folder and everything in it, if it exists. */
    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
        }
    }

    private static void force(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            AtomicFiles.syncFolder(p);
            return;
        }
        try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
            c.force(true);
        }
    }
}
