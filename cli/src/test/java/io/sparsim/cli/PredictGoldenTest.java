package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files of {@code predict --format json}, one per target (wafer, GPU, CPU) and phase, so that any
 * change in a number is a visible diff in review. Deterministic: fixed seed, bundled profiles only.
 *
 * <p>When a change of numbers is intended, regenerate and review the diff:
 * {@code mvn -B -pl cli -am test -Dtest=PredictGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsparsim.golden.update=true}, then {@code git diff cli/src/test/resources/golden/}.
 */
class PredictGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<Arguments> cases() {
        return Stream.of("wse3", "h100", "epyc-9654").flatMap(hw -> Stream.of("prefill", "decode", "train")
                .map(phase -> Arguments.of(hw, phase)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void predictJsonMatchesItsGoldenFile(String hw, String phase) throws IOException {
        List<String> args = List.of("predict", "--hw", hw, "--model", "llama2-7b", "--phase", phase,
                "--sparsity", "unstructured:0.7", "--seed", "1", "--format", "json");
        CliRunner r = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::err);
        Path file = GOLDEN.resolve("predict-" + hw + "-" + phase + ".json");
        if (Boolean.getBoolean("sparsim.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, r.out(), StandardCharsets.UTF_8);
        }
        GoldenJson.assertSameJson(Files.readString(file, StandardCharsets.UTF_8), r.out(),
                "predict " + String.join(" ", args) + " differs from " + file + " (regenerate as the class says)");
    }
}
