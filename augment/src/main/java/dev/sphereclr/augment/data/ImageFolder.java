package dev.sphereclr.augment.data;

import dev.sphereclr.encoder.EngineThreads;
import dev.sphereclr.encoder.image.ImageDecoder;
import dev.sphereclr.encoder.image.RgbImage;
import dev.sphereclr.encoder.io.SettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Images in {@code root/<class>/*.{jpg,jpeg,png}}: the torchvision ImageFolder layout used by
 * ImageNet, ImageNet-100 and Imagenette. Classes are the sub-folder names in sorted order, or the
 * names of a class-list file (one folder name per line) in sorted order; files within a class are
 * sorted too, so indices do not depend on the file system.
 *
 * <p>A folder of same-sized images that fits in {@link Builder#optCacheBytes} decoded (CIFAR-10,
 * all of Imagenette at 80 px) is decoded once into an {@link InMemoryDataset}, on the run's compute
 * threads ({@link EngineThreads#compute}: two runs given a core each do not slow each other while
 * one decodes); larger folders and folders of many sizes are decoded on demand by the loader's
 * workers. A corrupt file is an error that names it, unless {@link Builder#optSkipBad} is set: then
 * it is left out (cached), or (on demand, where indices must stay) the next readable image of the
 * same class stands in for it, with a warning that names both; {@link #skipped()} counts it either
 * way.
 */
public final class ImageFolder implements ImageDataset {

    /**
     * The default memory for decoded images, 256 MiB: CIFAR-10's training split takes 154 MB, all
     * of Imagenette's at 80 px 182 MB; ImageNet's at 224 px would take 190 GB.
     */
    public static final long DEFAULT_CACHE_BYTES = 256L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);
    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png");

    private final Path root;
    private final List<String> classes;
    private final List<Path> files;
    private final int[] labels;
    private final boolean skipBad;
    private final Set<Integer> bad = ConcurrentHashMap.newKeySet();
    private final InMemoryDataset cache;
    private final int skippedWhileCaching;

    private ImageFolder(Builder b) throws IOException {
        this.root = b.root;
        this.skipBad = b.skipBad;
        if (!Files.isDirectory(root)) {
            throw new SettingException(root + ": not a folder (expected root/<class>/<image>)");
        }
        // The listed folders themselves, not their names resolved again: a name that is not valid
        // UTF-8 does not come back to the same bytes.
        Map<String, Path> listed = b.classList != null ? null : listClassFolders(root);
        List<String> names =
                listed != null ? List.copyOf(listed.keySet()) : ClassLists.read(b.classList);
        if (names.isEmpty()) {
            throw new SettingException(
                    root
                            + ": no class sub-folders (expected root/<class>/<image>: the"
                            + " folders name the labels)");
        }
        List<String> sorted = names.stream().sorted().toList();
        this.classes = b.split != null ? b.split.classes(sorted, b.trainSide) : sorted;
        List<Path> found = new ArrayList<>();
        List<Integer> foundLabels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path dir = listed != null ? listed.get(classes.get(c)) : root.resolve(classes.get(c));
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + ": class '" + classes.get(c) + "' has no folder");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                List<Path> images = entries.filter(ImageFolder::isImage).sorted().toList();
                if (images.isEmpty()) {
                    throw new IOException(
                            dir
                                    + ": class '"
                                    + classes.get(c)
                                    + "' has no .jpg, .jpeg or .png images; remove the folder"
                                    + (b.classList != null ? " from the class list" : "")
                                    + " or add images");
                }
                for (Path p : images) {
                    found.add(p);
                    foundLabels.add(c);
                }
            }
        }
        if (found.isEmpty()) {
            throw new IOException(root + ": no .jpg, .jpeg or .png images under the class folders");
        }
        this.files = List.copyOf(found);
        this.labels = foundLabels.stream().mapToInt(Integer::intValue).toArray();

        TypicalImage typical = typicalImage();
        RgbImage first = typical.image();
        boolean fits = FolderCache.fits(files.size(), first, b.cacheBytes);
        if (fits && !typical.uniform()) {
            LOG.info("{}: images of many sizes, decoded as they are read", root);
            fits = false;
        }
        if (fits) {
            AtomicInteger skipped = new AtomicInteger();
            this.cache =
                    FolderCache.decodeAll(
                            root,
                            files,
                            labels,
                            classes,
                            first,
                            EngineThreads.compute(),
                            skipBad,
                            skipped);
            this.skippedWhileCaching = skipped.get();
        } else {
            this.cache = null;
            this.skippedWhileCaching = 0;
        }
        if (skipped() > 0) {
            LOG.warn("{}: skipped {} unreadable images", root, skipped());
        }
    }

    /** A builder for the folder {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** Opens {@code root} with default settings. */
    public static ImageFolder open(Path root) throws IOException {
        return builder(root).build();
    }

    /** Whether {@code p} is a file this folder takes as an image: .jpg, .jpeg or .png. */
    public static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(p)
                && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static Map<String, Path> listClassFolders(Path root) throws IOException {
        Map<String, Path> folders = new TreeMap<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && !name.startsWith(".")) {
                    folders.put(name, p);
                }
            }
        }
        return folders;
    }

    /** An image of the size most images have ({@link TypicalImage}), else the first readable. */
    private TypicalImage typicalImage() throws IOException {
        Optional<TypicalImage> typical = TypicalImage.among(files);
        if (typical.isPresent()) {
            return typical.get();
        }
        for (int i = 0; i < files.size(); i++) {
            try {
                return new TypicalImage(ImageDecoder.decode(files.get(i)), true);
            } catch (IOException e) {
                if (!skipBad) {
                    throw e;
                }
                bad.add(i);
            }
        }
        throw new IOException(root + ": none of the " + files.size() + " images can be decoded");
    }

    /** Whether the images are held decoded in memory. */
    public boolean cached() {
        return cache != null;
    }

    /** Number of unreadable images left out or stood in for so far. */
    public int skipped() {
        return cache != null ? skippedWhileCaching : bad.size();
    }

    @Override
    public int size() {
        return cache != null ? cache.size() : files.size();
    }

    @Override
    public int label(int index) {
        return cache != null ? cache.label(index) : labels[index];
    }

    @Override
    public RgbImage image(int index) throws IOException {
        if (cache != null) {
            return cache.image(index);
        }
        IOException first = null;
        boolean found = false; // this call found image index unreadable: say so once
        for (int tries = 0; tries < files.size(); tries++) {
            int i = (index + tries) % files.size();
            if (bad.contains(i) || labels[i] != labels[index]) {
                continue; // a stand-in of another class would carry the wrong label
            }
            try {
                RgbImage image = ImageDecoder.decode(files.get(i));
                if (found) {
                    LOG.warn(
                            "{} stands in for {}, which cannot be read",
                            files.get(i),
                            files.get(index));
                }
                return image;
            } catch (IOException e) {
                if (!skipBad) {
                    throw e;
                }
                if (bad.add(i)) {
                    LOG.warn("skipping unreadable image: {}", e.getMessage());
                    found |= i == index;
                }
                first = first == null ? e : first;
            }
        }
        throw new IOException(
                root + ": no readable image of class '" + classes.get(labels[index]) + "' left",
                first);
    }

    /**
     * The file behind image {@code index} (on-demand folders only; cached ones may have dropped
     * some).
     */
    public Path file(int index) {
        if (cache != null && skippedWhileCaching > 0) {
            throw new IllegalStateException("file indices shifted: bad images were left out");
        }
        return files.get(index);
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String describe() {
        return cache != null
                ? cache.describe()
                : root
                        + " ("
                        + size()
                        + " images, "
                        + classes.size()
                        + " classes, decoded on demand)";
    }

    /** Settings of an {@link ImageFolder}. */
    public static final class Builder {
        private final Path root;
        private Path classList;
        private ClassSplit split;
        private boolean trainSide;
        private boolean skipBad;
        private long cacheBytes = DEFAULT_CACHE_BYTES;

        private Builder(Path root) {
            this.root = root;
        }

        /** Only the classes named in {@code file}, one folder name per line. */
        public Builder optClassList(Path file) {
            this.classList = file;
            return this;
        }

        /** Only the classes of one side of {@code split}: its training side when {@code train}. */
        public Builder optClassSplit(ClassSplit split, boolean train) {
            this.split = split;
            this.trainSide = train;
            return this;
        }

        /** Leave out unreadable images instead of failing (default: fail, naming the file). */
        public Builder optSkipBad(boolean skip) {
            this.skipBad = skip;
            return this;
        }

        /**
         * Decode into memory when all the images, decoded, take at most this many bytes (default
         * {@link #DEFAULT_CACHE_BYTES}; 0: always on demand).
         */
        public Builder optCacheBytes(long bytes) {
            this.cacheBytes = bytes;
            return this;
        }

        /** Lists (and, when they fit in memory, decodes) the folder. */
        public ImageFolder build() throws IOException {
            return new ImageFolder(this);
        }
    }
}
