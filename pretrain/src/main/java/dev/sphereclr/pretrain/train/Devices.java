package dev.sphereclr.pretrain.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The device a run names, checked before any work: a GPU needs the CUDA build of PyTorch's natives
 * on the class path ({@code mvn -Pcuda}) and a driver that shows PyTorch a GPU. Each missing piece
 * is named with how to get it, rather than met as a native error or a download attempt.
 */
public final class Devices {

    /** The file DJL's native jars carry, naming their build ({@code flavor=cpu}, {@code cu124}). */
    private static final String NATIVES = "native/lib/pytorch.properties";

    private Devices() {}

    /**
     * The device {@code name} (cpu, gpu, or gpu0, gpu1, ...) names.
     *
     * @throws IllegalArgumentException naming what a GPU run is missing and how to get it
     */
    public static Device of(String name) {
        if (!name.startsWith("gpu")) {
            return Device.cpu();
        }
        int index = name.length() > 3 ? Integer.parseInt(name.substring(3)) : 0;
        String flavor = nativeFlavor();
        int gpus = flavor != null && flavor.startsWith("cu") ? gpuCount() : 0;
        String missing = missing(flavor, gpus);
        if (missing == null && index >= gpus) {
            missing =
                    "--devices "
                            + name
                            + ": PyTorch sees "
                            + gpus
                            + " GPU(s), gpu0 to gpu"
                            + (gpus - 1);
        }
        if (missing != null) {
            throw new IllegalArgumentException(missing);
        }
        return Device.gpu(index);
    }

    /**
     * What a GPU run lacks, or null.
     *
     * @param flavor the natives' build ({@code cpu}, {@code cu124}), or null when none is found
     * @param gpus the GPUs PyTorch sees
     */
    static String missing(String flavor, int gpus) {
        if (flavor == null || !flavor.startsWith("cu")) {
            return "--device gpu: the PyTorch natives on the class path are the "
                    + (flavor == null ? "CPU build or none" : flavor + " build")
                    + ", without CUDA. On a machine with an NVIDIA GPU and a driver for CUDA 12.4"
                    + " or later, run with the CUDA natives: add -Pcuda to the mvn command"
                    + " (docs/gpu.md)";
        }
        if (gpus == 0) {
            return "--device gpu: the CUDA natives ("
                    + flavor
                    + ") are on the class path, but PyTorch sees no GPU: this machine needs an"
                    + " NVIDIA GPU with a driver for CUDA 12.4 or later (nvidia-smi lists them)";
        }
        return null;
    }

    /** The build of the PyTorch natives on the class path, or null. */
    static String nativeFlavor() {
        try (InputStream in = Devices.class.getClassLoader().getResourceAsStream(NATIVES)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NATIVES, e);
        }
    }

    private static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }
}
