package dev.sphereclr.augment.transform;

import java.util.Collections;
import java.util.List;

/**
 * Several views of each image, each with its own settings: SimCLR and MoCo use two identical views;
 * BYOL and MoCo v3 make them asymmetric (blur and solarization differ) by configuration; multi-crop
 * adds small views of another size after the global ones.
 */
public final class MultiViewTransform {

    private final List<ViewTransform> views;

    /**
     * @param configs one configuration per view
     */
    public MultiViewTransform(List<ViewConfig> configs) {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("a multi-view transform needs at least one view");
        }
        this.views = configs.stream().map(ViewConfig::build).toList();
    }

    /** {@code count} views with the same settings. */
    public static MultiViewTransform of(ViewConfig config, int count) {
        return new MultiViewTransform(Collections.nCopies(count, config));
    }

    /** Number of views per image. */
    public int viewCount() {
        return views.size();
    }

    /** The pipeline of view {@code v}. */
    public ViewTransform view(int v) {
        return views.get(v);
    }

    /** Output side in pixels of the first view. */
    public int size() {
        return views.get(0).size();
    }

    /** Output side in pixels of view {@code v}. */
    public int size(int v) {
        return views.get(v).size();
    }
}
