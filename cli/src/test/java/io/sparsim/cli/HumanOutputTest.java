package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What a person reads: numbers with units and 4 significant digits, nested results as labelled sections. */
class HumanOutputTest {
    /** A raw double (4.4128839380614394E-5), a long fraction, or a Java map/list print. */
    private static final List<Pattern> RAW = List.of(
            Pattern.compile("\\d\\.\\d+E-?\\d"),
            Pattern.compile("\\d\\.\\d{7,}"),
            Pattern.compile("\\{\\w+="),
            Pattern.compile("\\[\\{"));

    private static String table(String... args) {
        CliRunner r = CliRunner.run(args);
        assertEquals(0, r.code(), r.err());
        for (Pattern p : RAW) {
            assertFalse(p.matcher(r.out()).find(), () -> String.join(" ", args) + " printed " + p + ":\n" + r.out());
        }
        return r.out();
    }

    @Test
    void opGemmShowsUnits() {
        String out = table("op", "gemm", "--hw", "nvidia-h100-sxm5-80gb", "--m", "16", "--n", "4096", "--k", "4096",
                "--sparsity", "unstructured:0.7");
        assertTrue(out.matches("(?s).*time: +\\d+\\.\\d+ µs\n.*"), out);
        assertTrue(out.contains("TFLOP/s"), out);
        assertTrue(out.contains("\nKernels considered\n"), out);
    }

    @Test
    void predictShowsBoundsAndTheSatRunAsSections() {
        String out = table("predict", "--hw", "cerebras-wse3", "--workload",
                System.getProperty("user.dir") + "/../examples/sat-ladder-llama2-7b.yaml");
        assertTrue(out.contains("\nTime by bound\n  io:"), out);
        assertTrue(out.contains("\nTraining run (SAT omission ladder)\n"), out);
        assertTrue(out.contains("\nStep (no omission)\n"), out);
        assertTrue(out.contains("tok/s"), out);
    }

    @Test
    void modelsShowHasNoExponents() {
        table("models", "show", "llama2-7b");
    }
}
