package dev.sphereclr.encoder.nn;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtDeviceType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Arrays in oneDNN's blocked memory layout (libtorch's {@code mkldnn} layout), for inference only
 * (autograd does not run on them). It is the layout oneDNN's convolutions compute in: a network run
 * on such arrays keeps its activations in it from layer to layer, where an NCHW array is reordered
 * into it and back around every convolution. PyTorch's {@code x.to_mkldnn()} and {@code
 * y.to_dense()}.
 *
 * <p>DJL makes such arrays only while the JVM-wide property {@code ai.djl.pytorch.use_mkldnn} is
 * set, which every thread's array creation reads; this class calls the same native constructor for
 * one array instead, by reflection because DJL keeps it package-private.
 */
public final class OneDnnArrays {

    private static final int MKLDNN_LAYOUT = 2; // DJL's code for torch::kMkldnn
    private static final Object LIBRARY;
    private static final Method FROM_BLOB;

    static {
        try {
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field instance = lib.getDeclaredField("LIB");
            instance.setAccessible(true);
            LIBRARY = instance.get(null);
            FROM_BLOB =
                    lib.getDeclaredMethod(
                            "torchFromBlob",
                            ByteBuffer.class,
                            long[].class,
                            int.class,
                            int.class,
                            int[].class,
                            boolean.class);
            FROM_BLOB.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private OneDnnArrays() {}

    /** Whether arrays of {@code manager} can be blocked: on a CPU, in a libtorch with oneDNN. */
    public static boolean available(NDManager manager) {
        return manager instanceof PtNDManager
                && manager.getDevice().equals(Device.cpu())
                && manager.getEngine().hasCapability(StandardCapabilities.MKLDNN);
    }

    /** Whether {@code x} can be copied into the blocked layout: float, and {@link #available}. */
    public static boolean supports(NDArray x) {
        return x.getDataType() == DataType.FLOAT32 && available(x.getManager());
    }

    /**
     * A copy of {@code x} in the blocked layout, owned by its manager.
     *
     * @throws IllegalArgumentException when it does not {@link #supports} {@code x}
     */
    public static NDArray blocked(NDArray x) {
        if (!supports(x)) {
            throw new IllegalArgumentException(
                    "oneDNN's blocked layout needs a float array on a CPU with oneDNN, got "
                            + x.getDataType()
                            + " on "
                            + x.getDevice());
        }
        // A direct view of x's memory in NCHW order (a contiguous copy first if x is strided):
        // no Java copy and no direct buffer per batch for the collector to free.
        ByteBuffer values = x.toByteBuffer(true);
        Device device = x.getDevice();
        try {
            long handle =
                    (long)
                            FROM_BLOB.invoke(
                                    LIBRARY,
                                    values,
                                    x.getShape().getShape(),
                                    DataType.FLOAT32.ordinal(),
                                    MKLDNN_LAYOUT,
                                    new int[] {
                                        PtDeviceType.toDeviceType(device), device.getDeviceId()
                                    },
                                    false);
            // The native constructor copies (a blocked array cannot alias NCHW memory: writing
            // the buffer afterwards changes nothing), so x may be closed after.
            return new PtNDArray((PtNDManager) x.getManager(), handle);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "libtorch could not make a oneDNN array: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** {@code x} in PyTorch's dense layout: {@code x} itself unless it is blocked. */
    public static NDArray dense(NDArray x) {
        return isBlocked(x) ? x.toDense() : x;
    }

    /** Whether {@code x} is in the blocked layout. */
    public static boolean isBlocked(NDArray x) {
        return x instanceof PtNDArray p && JniUtils.getLayout(p) == MKLDNN_LAYOUT;
    }
}
