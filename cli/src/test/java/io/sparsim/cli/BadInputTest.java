package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input exits 2 with one line on stderr naming the file and line (for files), the field and what
 * was expected, and prints nothing on stdout.
 */
class BadInputTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> badProfiles() {
        return Stream.of(
                Arguments.of("unknown-key.yaml",
                        "unknown-key.yaml:8: gpu.turbo: expected a known key (allowed here: sms, clock, "),
                Arguments.of("bad-unit.yaml",
                        "bad-unit.yaml:9: gpu.hbm.bandwidth: expected a bandwidth like '3.35 TB/s'"),
                Arguments.of("negative-bandwidth.yaml",
                        "negative-bandwidth.yaml:9: gpu.hbm.bandwidth: expected a bandwidth greater than zero, got '-3.35 TB/s'"),
                Arguments.of("extends-unknown.yaml",
                        "extends-unknown.yaml:5: extends: expected a parent profile id among cerebras-wse2|"),
                Arguments.of("cycle-a.yaml",
                        "cycle-a.yaml:5: extends: expected a parent chain without cycles, got 'cycle-a -> cycle-a'"),
                Arguments.of("malformed.yaml", "malformed.yaml:4: expected well-formed YAML"),
                Arguments.of("wrong-schema.yaml",
                        "wrong-schema.yaml:1: schema: expected sparsim/hwprofile/v1, got 'sparsim/hwprofile/v9'"),
                Arguments.of("missing-field.yaml", "missing-field.yaml:5: cpu.flopsPerCyclePerCore: expected a mapping"),
                Arguments.of("efficiency-above-one.yaml",
                        "efficiency-above-one.yaml:8: gpu.efficiency.tensorCore: expected a fraction in (0, 1], got '1.3'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProfiles")
    void badProfileFile(String fixture, String expectedPrefix) throws IOException {
        Path file = copy(fixture);
        CliRunner r = CliRunner.run("profiles", "validate", file.toString());
        assertBad(r, "sparsim: " + file.getParent() + "/" + expectedPrefix);
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(new String[] {"models", "show", "llama9-7b"},
                        "sparsim: model: expected a model id ("),
                Arguments.of(new String[] {"op", "gemm", "--hw", "nvidia-h100-sxm5-80gb", "--m", "8", "--n", "8",
                        "--k", "8", "--sparsity", "unstructured:1.3"},
                        "sparsim: --sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got '1.3'"),
                Arguments.of(new String[] {"op", "gemm", "--hw", "nvidia-h100-sxm5-80gb", "--m", "8", "--n", "8",
                        "--k", "8", "--sparsity", "3:2"},
                        "sparsim: --sparsity: expected 0 < N < M in 'N:M' (keep N of every M weights), got '3:2'"),
                Arguments.of(new String[] {"op", "gemm", "--hw", "nvidia-h900", "--m", "8", "--n", "8", "--k", "8"},
                        "sparsim: hw: expected a profile id or alias ("),
                Arguments.of(new String[] {"op", "gemm", "--hw", "nvidia-h100-sxm5-80gb", "--m", "0", "--n", "8",
                        "--k", "8"}, "sparsim: --m: expected a positive integer up to 16777216 (2^24), got '0'"),
                Arguments.of(new String[] {"op", "gemm", "--hw", "nvidia-h100-sxm5-80gb", "--m", "8", "--n", "8",
                        "--k", "8", "--dtype", "fp4"},
                        "sparsim: --dtype: expected a precision fp32|tf32|bf16|fp16|fp8|int8, got 'fp4'"),
                Arguments.of(new String[] {"models", "show", "llama2-7b", "--format", "xml"},
                        "sparsim: Invalid value for option '--format'"),
                Arguments.of(new String[] {"predict", "--hw", "nvidia-h100-sxm5-80gb", "--model", "llama2-7b",
                        "--phase", "pretrain"}, "sparsim: --phase: expected"),
                Arguments.of(new String[] {"sweep", "--sparsity-range", "0:1.5:0.1", "--out", "unused"},
                        "sparsim: --sparsity-range: expected a range A:B:STEP"),
                Arguments.of(new String[] {"profiles", "show", "no-such-profile"}, "sparsim: hw: expected a profile id"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFlags")
    void badFlag(String[] args, String expectedPrefix) {
        assertBad(CliRunner.run(args), expectedPrefix);
    }

    private static void assertBad(CliRunner r, String expectedPrefix) {
        assertEquals(2, r.code(), () -> "exit code; stderr: " + r.err());
        assertEquals("", r.out(), "no partial output on stdout");
        String err = r.err();
        assertTrue(err.endsWith("\n") && err.indexOf('\n') == err.length() - 1, () -> "one line: " + err);
        assertTrue(err.startsWith(expectedPrefix), () -> "expected prefix\n  " + expectedPrefix + "\nbut got\n  " + err);
    }

    private static Path copy(String fixture) throws IOException {
        Path target = dir.resolve(fixture);
        try (InputStream in = BadInputTest.class.getResourceAsStream("/bad/" + fixture)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
