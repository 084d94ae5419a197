package dev.sphereclr.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sphereclr.runtime.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code eval}'s options for foreign encoders go with the encoders they describe. */
class EvalCommandTest {

    /** The exit code and standard error of {@code eval args}. */
    private static String[] eval(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.execute(new EvalCommand(), args);
        } finally {
            System.setErr(before);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8).strip()};
    }

    @Test
    void optionsOfForeignEncodersAreRefusedWhereTheyWouldBeIgnored() {
        // An export's size may be changed (FixRes), not its normalization or architecture.
        String[] folder =
                eval("--encoder", "runs/some-export", "--normalization-mean", "0.5,0.5,0.5");
        assertEquals("2", folder[0]);
        assertEquals(
                "--normalization-mean, --normalization-std, --arch and --stem describe a"
                        + " .safetensors --encoder; an export's manifest says them itself",
                folder[1]);
        String[] size = eval("--encoder", "runs/some-export", "--input-size", "4");
        assertEquals("2", size[0]);
        assertEquals("--input-size = 4 is outside its legal range: 8..1024", size[1]);
        String[] random = eval("--encoder", "random:resnet18-cifar", "--stem", "imagenet");
        assertEquals("2", random[0]);
        assertEquals(
                "--arch and --stem describe a .safetensors --encoder; random:ARCH-STEM names them"
                        + " itself",
                random[1]);
        String[] script = eval("--encoder", "model.pt", "--arch", "resnet18");
        assertEquals("2", script[0]);
        assertEquals(
                "--arch and --stem describe a .safetensors --encoder; a TorchScript module is run"
                        + " as it was traced",
                script[1]);
        String[] standard = eval("--encoder", "model.pt", "--protocol", "standard");
        assertEquals("2", standard[0]);
        assertEquals(
                "--protocol standard trains through the encoder; a TorchScript --encoder is"
                        + " evaluated with the fast protocol",
                standard[1]);
    }
}
