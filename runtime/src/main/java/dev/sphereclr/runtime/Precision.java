package dev.sphereclr.runtime;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The number formats SphereCLR computes in: float32 (and float64 for exactness checks). Half
 * precision and bfloat16 are refused here, in Java, before any array exists: DJL 0.32's PyTorch JNI
 * has no bfloat16 type (creating such an array aborts the JVM), and there is no half-precision step
 * (loss scaling, float32 batch norm and NT-Xent logits) yet.
 */
public final class Precision {

    private Precision() {}

    /**
     * Why {@code value}, given as {@code option}, cannot be used, or null for float32.
     *
     * @param option the setting's name in the message, e.g. {@code --precision}
     */
    public static String problem(String option, String value) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "float32", "fp32", "32", "32-true" -> null;
            case "bf16", "bfloat16", "bf16-mixed", "bf16-true" ->
                    option
                            + " = "
                            + value
                            + ": DJL 0.32's PyTorch bindings have no bfloat16 type (creating a"
                            + " bfloat16 array aborts the JVM); use float32";
            case "float16", "fp16", "half", "16", "16-mixed", "16-true" ->
                    option
                            + " = "
                            + value
                            + ": SphereCLR has no half-precision step yet (it needs loss scaling and"
                            + " float32 batch norm and logits); use float32";
            default -> option + " = " + value + " is not a precision: use float32";
        };
    }

    /**
     * Refuses arrays of half precision or bfloat16.
     *
     * @throws IllegalArgumentException naming the type and why
     */
    public static DataType check(DataType type) {
        if (type == DataType.BFLOAT16) {
            throw new IllegalArgumentException(problem("data type", "bfloat16"));
        }
        if (type == DataType.FLOAT16) {
            throw new IllegalArgumentException(problem("data type", "float16"));
        }
        return type;
    }
}
