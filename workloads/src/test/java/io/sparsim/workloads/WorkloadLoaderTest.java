package io.sparsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.sparsity.Omission;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadLoaderTest {
    private final WorkloadLoader loader = WorkloadLoader.bundled();
    private final ModelCatalog catalog = ModelCatalog.bundled();

    private static Path fixture(String name) {
        try {
            return Path.of(WorkloadLoaderTest.class.getResource("/workloads/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void prefillFileEqualsTheSameFlags() {
        Workload file = loader.load(fixture("prefill-sparse.yaml"));
        Workload flags = Workload.fromFlags(catalog, "llama2-7b", "prefill", 4, 2048, null, "bf16",
                "attn=2:4+mlp=unstructured:0.7");
        assertEquals(flags, file);
        assertEquals(new Phase.Prefill(4, 2048), file.phase());
        assertEquals(Optional.empty(), file.schedule());
    }

    @Test
    void decodeFileDefaultsToBf16() {
        Workload w = loader.load(fixture("decode.yaml"));
        assertEquals(Workload.of(catalog.get("llama3-8b"), new Phase.Decode(16, 4096), Precision.BF16,
                SparsitySpec.parse("2:4")), w);
    }

    @Test
    void trainFileWithLadder() {
        Workload w = loader.load(fixture("train-ladder.yaml"));
        OmissionSchedule s = w.schedule().orElseThrow();
        assertEquals(1000, s.totalSteps());
        assertEquals(List.of(new OmissionSchedule.Step(300, 0.4), new OmissionSchedule.Step(600, 0.2)), s.steps());
        assertEquals(0.4, s.rateAt(0));
        assertEquals(0.4, s.rateAt(299));
        assertEquals(0.2, s.rateAt(300));
        assertEquals(0.0, s.rateAt(999));
        assertEquals((300 * 0.4 + 300 * 0.2) / 1000, s.meanRate(), 1e-12);
        Workload step = w.atStep(450);
        assertEquals(new Omission(0.2), step.sparsity().omission());
        assertEquals(w.sparsity().weights(), step.sparsity().weights());
    }

    /** Each fixture's full message; {@code FILE} stands for the fixture's path. */
    @ParameterizedTest
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', value = {
        "unknown-key.yaml => FILE:6: phase.seqlen: expected a key kind|batch|seq|kv, got 'seqlen'",
        "missing-seq.yaml => FILE:3: phase.seq: expected a positive sequence length (required for prefill)",
        "missing-model.yaml => FILE:1: model: expected a model id (llama2-7b|llama2-13b|llama2-70b|llama3-8b|"
                + "llama3-70b|tiny-llama|llama-test-1l) (missing)",
        "malformed.yaml => FILE:5: expected well-formed YAML, got 'mapping values are not allowed here'",
        "wrong-schema.yaml => FILE:1: schema: expected sparsim/workload/v1, got 'sparsim/workload/v2'",
        "bad-sparsity.yaml => FILE:5: sparsity: expected a sparsity fraction in [0, 1) in 'unstructured:F', got '1.3'",
        "bad-batch.yaml => FILE:5: phase.batch: expected a positive batch size, got 'four'",
        "bad-model.yaml => FILE:2: model: expected a model id (llama2-7b|llama2-13b|llama2-70b|llama3-8b|"
                + "llama3-70b|tiny-llama|llama-test-1l), got 'llama4-400b'",
        "bad-schedule.yaml => FILE:9: schedule.steps[1].until: expected a step after 60 and at most totalSteps 100, "
                + "got '50'",
        "schedule-not-train.yaml => FILE:4: schedule: expected a schedule only with phase kind train, got 'decode'",
        "bad-precision.yaml => FILE:4: precision: expected a precision fp32|tf32|bf16|fp16|fp8|int8, got 'fp64'",
    })
    void invalidFilesNameFileLineFieldAndValue(String name, String message) {
        Path file = fixture(name);
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(file));
        assertEquals(message.replace("FILE", file.toString()), e.getMessage());
    }

    @Test
    void invalidTextNamesLineAndField() {
        String head = "schema: sparsim/workload/v1\nmodel: llama2-7b\n";
        List<List<String>> cases = List.of(
                List.of("", "w.yaml:1: expected a mapping starting 'schema: sparsim/workload/v1', got 'an empty file'"),
                List.of("- 1", "w.yaml:1: expected a mapping starting 'schema: sparsim/workload/v1', got 'a list'"),
                List.of("model: llama2-7b", "w.yaml:1: schema: expected sparsim/workload/v1 (missing)"),
                List.of("schema: sparsim/workload/v1\nmodel: a\nmodel: b",
                        "w.yaml:3: model: expected each key once per mapping (first at line 2), got 'model'"),
                List.of(head + "phase: {kind: decode, batch: 0, kv: 9}",
                        "w.yaml:3: phase.batch: expected a positive batch size, got '0'"),
                List.of(head + "phase: {kind: serve, batch: 1, kv: 9}",
                        "w.yaml:3: phase.kind: expected a phase kind prefill|decode|train, got 'serve'"),
                List.of(head + "phase: {kind: prefill, batch: 1, seq: 9, kv: 9}",
                        "w.yaml:3: phase.kv: expected no KV length for prefill (only decode takes one), got '9'"),
                List.of(head + "phase: prefill",
                        "w.yaml:3: phase: expected a mapping with kind, batch and seq or kv, got 'prefill'"),
                List.of("schema: sparsim/workload/v1\nmodel: [a]\nphase: {kind: decode, batch: 1, kv: 9}",
                        "w.yaml:2: model: expected a model id, got 'a list'"),
                List.of(head + "phase: {kind: decode, batch: 1, kv: 9}\nsparsity: 2:4\nextra: 1",
                        "w.yaml:5: extra: expected a key schema|model|phase|precision|sparsity|schedule, got 'extra'"),
                List.of(head + "phase: {kind: train, batch: 1, seq: 9}\nschedule: {kind: step, totalSteps: 9, steps: []}",
                        "w.yaml:4: schedule.kind: expected ladder, got 'step'"),
                List.of(head + "phase: {kind: train, batch: 1, seq: 9}\nsparsity: omission:0.2\n"
                        + "schedule: {kind: ladder, totalSteps: 9, steps: [{until: 3, rate: 0.5}]}",
                        "w.yaml:5: schedule: expected either a schedule or an 'omission:R' term in sparsity, not both, "
                                + "got 'omission:0.2'"),
                List.of(head + "phase: {kind: train, batch: 1, seq: 9}\n"
                        + "schedule: {kind: ladder, totalSteps: 9, steps: [{until: 3, rate: 1.5}]}",
                        "w.yaml:4: schedule.steps[0].rate: expected an omission rate in [0, 1), got '1.5'"),
                List.of("schema: sparsim/workload/v1\na: 1\n---\nb: 2",
                        "w.yaml:4: expected a single YAML document, got 'more content after it'"));
        for (List<String> c : cases) {
            BadInputException e = assertThrows(BadInputException.class, () -> loader.parse("w.yaml", c.get(0)), c.get(0));
            assertEquals(c.get(1), e.getMessage(), c.get(0));
        }
    }

    @Test
    void flagErrorsNameTheFlag() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Workload.fromFlags(catalog, "llama2-7b", "decode", 1, null, null, null, null));
        assertEquals("--kv: expected a positive KV length (required for decode)", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Workload.fromFlags(catalog, "llama2-7b", "prefill", 1, 16, null, "bf16", "3:2"));
        assertEquals("--sparsity: expected 0 < N < M in 'N:M' (keep N of every M weights), got '3:2'", e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Workload.fromFlags(catalog, "gpt2", "prefill", 1, 16, null, null, null));
        assertTrue(e.getMessage().startsWith("--model: expected a model id (llama2-7b|"), e.getMessage());
        e = assertThrows(BadInputException.class,
                () -> Workload.fromFlags(catalog, "llama2-7b", "prefill", 0, 16, null, null, null));
        assertEquals("--batch: expected a positive batch size, got '0'", e.getMessage());
    }

    @Test
    void decodeFlagsFallBackToSeqForTheKvLength() {
        Workload w = Workload.fromFlags(catalog, "tiny-llama", "decode", 2, 512, null, "fp16", "dense");
        assertEquals(new Phase.Decode(2, 512), w.phase());
        assertEquals(Precision.FP16, w.precision());
    }

    @Test
    void missingFile() {
        BadInputException e = assertThrows(BadInputException.class, () -> loader.load(Path.of("no/such.yaml")));
        assertEquals("no/such.yaml: expected an existing file, got 'no such file'", e.getMessage());
    }
}
