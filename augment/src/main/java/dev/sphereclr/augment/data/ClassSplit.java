package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes of one image folder train and which test, when the two must share none: the
 * metric-learning protocol of CUB-200 and Cars196 (and Caltech-101 here), where retrieval is
 * measured on classes the model never saw. {@code first-half} trains on the first half of the
 * classes in sorted (byte) order, rounded down, and tests on the rest: 50 of Caltech-101's 101
 * train and 51 test. A file names the training classes, one folder name per line; the test classes
 * are the others.
 *
 * @param option the value as given, for messages and records
 * @param trainClasses the training classes a file named, or null for {@code first-half}
 */
public record ClassSplit(String option, Set<String> trainClasses) {

    /** The option's name in messages. */
    public static final String OPTION = "--class-split";

    /**
     * Reads {@code --class-split}: {@code first-half} or a file of training classes.
     *
     * @throws SettingException naming the option and the file when it cannot be read
     */
    public static ClassSplit parse(String value) throws SettingException {
        if ("first-half".equals(value)) {
            return new ClassSplit(value, null);
        }
        Path file = Path.of(value);
        if (!Files.isRegularFile(file)) {
            throw new SettingException(
                    OPTION + " " + value + ": neither first-half nor a file of training classes");
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new SettingException(OPTION + " " + value + ": cannot read it (" + e + ")");
        }
        return new ClassSplit(value, Set.copyOf(names));
    }

    /**
     * The classes of one side of the split.
     *
     * @param sorted every class of the folder, sorted
     * @param train the training side, else the test side
     * @throws SettingException when a listed class is not in the folder, or a side is empty
     */
    public List<String> classes(List<String> sorted, boolean train) throws SettingException {
        Set<String> training;
        if (trainClasses == null) {
            training = new LinkedHashSet<>(sorted.subList(0, sorted.size() / 2));
        } else {
            List<String> unknown =
                    trainClasses.stream().filter(c -> !sorted.contains(c)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new SettingException(
                        OPTION + " " + option + " names classes the folder lacks: " + unknown);
            }
            training = trainClasses;
        }
        List<String> side = new ArrayList<>();
        for (String c : sorted) {
            if (training.contains(c) == train) {
                side.add(c);
            }
        }
        if (side.isEmpty()) {
            throw new SettingException(
                    OPTION
                            + " "
                            + option
                            + " leaves no "
                            + (train ? "training" : "test")
                            + " class of the folder's "
                            + sorted.size());
        }
        return side;
    }
}
