package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.io.AtomicFiles;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Class-list files (one class folder name a line), and the lists that ship with SphereCLR,
 * selectable by name wherever a class-list file is asked for: {@code --class-list imagenet100}
 * picks ImageNet-100's 100 class folders out of an ImageNet folder. Each list's source and commit
 * are in its header.
 */
public final class ClassLists {

    /** The bundled lists. */
    public static final List<String> NAMES = List.of("imagenet100");

    private ClassLists() {}

    /**
     * The class-list file {@code given} names: itself when it exists, else the bundled list of that
     * name, written into the cache so that a run's settings keep naming a file.
     *
     * @throws SettingException when it is neither
     */
    public static Path resolve(Path given) throws IOException {
        if (given == null || Files.exists(given)) {
            return given;
        }
        String name = given.toString();
        if (!NAMES.contains(name)) {
            throw new SettingException(
                    "--class-list "
                            + given
                            + ": no such file, nor a bundled list ("
                            + String.join(", ", NAMES)
                            + ")");
        }
        byte[] bundled;
        try (InputStream in =
                ClassLists.class.getResourceAsStream("class-lists/" + name + ".txt")) {
            if (in == null) {
                throw new IOException(
                        "the bundled class list " + name + " is missing from the jar");
            }
            bundled = in.readAllBytes();
        }
        Path file = CifarDownloader.defaultCache().resolve("class-lists").resolve(name + ".txt");
        if (!Files.isRegularFile(file) || !Arrays.equals(Files.readAllBytes(file), bundled)) {
            AtomicFiles.write(file, out -> out.write(bundled));
        }
        return file;
    }

    /**
     * The class folder names of a class-list file, one a line, blank lines and {@code #} comments
     * skipped; a name listed twice is refused.
     */
    static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": class-list file not found");
        }
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                if (names.contains(name)) {
                    throw new IOException(file + ": class '" + name + "' is listed twice");
                }
                names.add(name);
            }
        }
        return names;
    }
}
