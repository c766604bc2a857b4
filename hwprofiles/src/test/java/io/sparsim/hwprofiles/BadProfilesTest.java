package io.sparsim.hwprofiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparsim.core.BadInputException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bad fixture must fail with the full message: file, line, field path, expectation, value. */
class BadProfilesTest {
    private static ProfileRegistry registry;

    @BeforeAll
    static void load() {
        registry = ProfileRegistry.bundled();
    }

    static Path fixture(String name) {
        try {
            return Path.of(BadProfilesTest.class.getResource("bad/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String failure(String name) {
        Path file = fixture(name);
        BadInputException e = assertThrows(BadInputException.class, () -> registry.load(file));
        assertEquals(file.toString(), e.source(), "the error names the file");
        return e.getMessage().substring(file.toString().length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '"', textBlock = """
        unknown-key.yaml => :8: gpu.hbm.bandwith: expected a known key (allowed here: capacity, bandwidth), got 'bandwith'
        missing-field.yaml => :6: gpu.l2: expected a mapping with keys capacity, bandwidth, but the key is missing
        bad-unit.yaml => :8: gpu.hbm.bandwidth: expected a bandwidth like '3.35 TB/s' (units B/s, kB/s..PB/s, KiB/s..TiB/s, b/s..Pb/s), got '3.35'
        negative-bandwidth.yaml => :10: gpu.l2.bandwidth: expected a bandwidth greater than zero, got '-5.5 TB/s'
        malformed.yaml => :7: expected well-formed YAML, got 'mapping values are not allowed here'
        wrong-schema.yaml => :2: schema: expected sparsim/hwprofile/v1, got 'sparsim/hwprofile/v2'
        missing-schema.yaml => :1: schema: expected sparsim/hwprofile/v1, but the key is missing
        wrong-kind.yaml => :4: kind: expected a profile kind wafer|gpu|cpu|cluster, got 'tpu'
        efficiency-above-one.yaml => :9: gpu.efficiency.tensorCore: expected a fraction in (0, 1], got '1.2'
        kind-differs-from-parent.yaml => :4: kind: expected gpu (the kind of parent 'nvidia-h100-sxm5-80gb'), got 'cpu'
        source-without-citation.yaml => :9: sources[0].citation: expected exactly one of 'citation' (a public source) or 'estimate' (the reasoning), got ''
        source-unknown-path.yaml => :9: sources[0].what: expected a field path inside this profile's section, like 'tensor.tf32', got 'power'
        duplicate-key.yaml => :8: gpu.sms: expected each key once per mapping (first at line 7), got 'sms'
        sparse-below-dense.yaml => :11: gpu.tensor.bf16.sparse: expected a 2:4 sparse peak at least the dense peak (989.4 TFLOP/s), got '900 TFLOP/s'
        bad-precision.yaml => :9: gpu.tensor.fp4: expected a precision fp32|tf32|bf16|fp16|fp8|int8, got 'fp4'
        child-without-name.yaml => :1: name: expected a non-empty text, but the key is missing
        bad-unit.json => :8: gpu.smemPerSm: expected a size like '48 KiB' (units B, kB..PB, KiB..TiB, b..Pb), got '228 KB/s'
        """)
    void badFixtureFailsWithFullMessage(String file, String message) {
        assertEquals(message, failure(file));
    }

    @Test
    void extendsUnknownIdNamesTheIdAndTheKnownIds() {
        assertEquals(":5: extends: expected a parent profile id among cerebras-wse2|cerebras-wse3|"
                + "nvidia-a100-sxm4-80gb|nvidia-h100-sxm5-80gb|nvidia-h200-sxm-141gb|amd-epyc-9654|"
                + "intel-xeon-8480plus|nvidia-dgx-a100|nvidia-dgx-h100|nvidia-hgx-h200|amd-epyc-9654-2s|"
                + "cerebras-cs3-cluster, got 'nvidia-h900'", failure("extends-unknown.yaml"));
    }

    @Test
    void extendsCycleNamesTheCycle() {
        Path a = fixture("cycle-a.yaml");
        Path b = fixture("cycle-b.yaml");
        BadInputException e = assertThrows(BadInputException.class, () -> registry.validate(List.of(a, b)));
        assertEquals(b + ":5: extends: expected a parent chain without cycles, got "
                + "'test-cycle-a -> test-cycle-b -> test-cycle-a'", e.getMessage());
    }

    @Test
    void malformedJsonIsReportedWithItsLine() {
        String message = failure("malformed.json");
        assertEquals(":4: expected well-formed JSON, got 'Unexpected character ('\"' (code 34)): was expecting comma",
                message.substring(0, message.indexOf(" to separate")));
    }
}
