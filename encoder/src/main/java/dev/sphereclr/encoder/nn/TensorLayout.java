package dev.sphereclr.encoder.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The memory order in which a batch of images reaches the engine. Every way the array has the shape
 * {@code N x 3 x H x W}; only its memory differs, and with it the convolution kernels libtorch's
 * oneDNN picks and the reorders around them. Which is faster depends on the processor and the image
 * size: on one development machine channels-last trained ResNet-18 10% faster, on another (AVX-512
 * without Intel's tuning) channels-first ran 1.5 times as fast. {@link #fastest} measures it.
 */
public enum TensorLayout {
    /** NCHW, contiguous: each channel a plane (PyTorch's default). */
    CHANNELS_FIRST("channels-first"),
    /** NHWC memory behind the NCHW shape (PyTorch's {@code channels_last}). */
    CHANNELS_LAST("channels-last"),
    /**
     * oneDNN's blocked layout ({@link OneDnnArrays}), for inference only: the activations stay in
     * it from layer to layer.
     */
    ONEDNN_BLOCKED("onednn-blocked");

    /** The layouts a training step runs in: autograd does not run on oneDNN's blocked arrays. */
    public static final List<TensorLayout> TRAINABLE = List.of(CHANNELS_FIRST, CHANNELS_LAST);

    private final String id;

    TensorLayout(String id) {
        this.id = id;
    }

    /** The name settings and files use. */
    public String id() {
        return id;
    }

    /**
     * The layout called {@code name}.
     *
     * @param setting the setting's name, for the error
     * @throws IllegalArgumentException naming the setting and the legal values
     */
    public static TensorLayout parse(String setting, String name) {
        for (TensorLayout l : values()) {
            if (l.id.equals(name.toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        throw new IllegalArgumentException(
                setting + " must be one of " + ids(List.of(values())) + ", got '" + name + "'");
    }

    /** The names of {@code layouts}, comma-separated, for messages. */
    public static String ids(List<TensorLayout> layouts) {
        return layouts.stream().map(TensorLayout::id).collect(Collectors.joining(", "));
    }

    /**
     * Writes {@code n} planar images ({@code N x 3 x side x side}, channel planes per image) into
     * {@code target} in this layout's memory order, from its current position.
     */
    public void put(float[] planar, int n, int side, FloatBuffer target) {
        if (this != CHANNELS_LAST) {
            target.put(planar, 0, n * 3 * side * side);
            return;
        }
        int plane = side * side;
        float[] pixel = new float[3 * plane];
        for (int i = 0; i < n; i++) {
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                pixel[3 * p] = planar[base + p];
                pixel[3 * p + 1] = planar[base + plane + p];
                pixel[3 * p + 2] = planar[base + 2 * plane + p];
            }
            target.put(pixel);
        }
    }

    /**
     * Wraps {@code data}, {@code n} images written by {@link #put}, as an {@code N x 3 x side x
     * side} array owned by {@code manager} (on the CPU a direct buffer is aliased, not copied,
     * except into oneDNN's blocked layout).
     */
    public NDArray wrap(NDManager manager, Buffer data, int n, int side) {
        if (this == CHANNELS_FIRST) {
            return manager.create(data, new Shape(n, 3, side, side), DataType.FLOAT32);
        }
        if (this == ONEDNN_BLOCKED) {
            NDArray planes = CHANNELS_FIRST.wrap(manager, data, n, side);
            NDArray blocked = OneDnnArrays.blocked(planes);
            planes.close();
            return blocked;
        }
        return manager.create(data, new Shape(n, side, side, 3), DataType.FLOAT32)
                .transpose(0, 3, 1, 2);
    }

    /** {@code n} planar images as a fresh {@code N x 3 x side x side} array in this layout. */
    public NDArray create(NDManager manager, float[] planar, int n, int side) {
        if (this != CHANNELS_LAST) {
            return wrap(manager, FloatBuffer.wrap(planar, 0, n * 3 * side * side), n, side);
        }
        FloatBuffer interleaved = FloatBuffer.allocate(n * 3 * side * side);
        put(planar, n, side, interleaved);
        return wrap(manager, interleaved.flip(), n, side);
    }

    /**
     * The measured choice: the layout whose pass took least time, and each layout's best time.
     *
     * @param layout the faster layout
     * @param seconds best seconds of one pass, per layout
     */
    public record Choice(TensorLayout layout, Map<TensorLayout, Double> seconds) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(layout.id).append(" (");
            seconds.forEach(
                    (l, t) ->
                            s.append(l.id)
                                    .append(String.format(Locale.ROOT, " %.1f ms, ", t * 1e3)));
            s.setLength(s.length() - 2);
            return s.append(')').toString();
        }
    }

    /**
     * Runs {@code pass} in each of {@code candidates}, once untimed (one-time costs: kernel
     * selection, memory) and then {@code trials} times, and returns the layout with the shortest
     * best time (the first of equals).
     */
    public static Choice fastest(
            List<TensorLayout> candidates, Consumer<TensorLayout> pass, int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        Map<TensorLayout, Double> best = new EnumMap<>(TensorLayout.class);
        for (TensorLayout l : candidates) {
            pass.accept(l);
        }
        // Alternate the layouts so that a change in the machine's load hits all alike.
        for (int t = 0; t < trials; t++) {
            for (TensorLayout l : candidates) {
                long t0 = System.nanoTime();
                pass.accept(l);
                double s = (System.nanoTime() - t0) / 1e9;
                best.merge(l, s, Math::min);
            }
        }
        TensorLayout winner = candidates.get(0);
        for (TensorLayout l : candidates) {
            if (best.get(l) < best.get(winner)) {
                winner = l;
            }
        }
        return new Choice(winner, best);
    }
}
