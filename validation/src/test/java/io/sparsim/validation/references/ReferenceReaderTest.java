package io.sparsim.validation.references;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.workloads.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict reader: every committed file reads; each kind of bad file names file, line and field. */
class ReferenceReaderTest {
    static final ReferenceReader READER = new ReferenceReader(ProfileRegistry.bundled(),
            ModelCatalog.bundled());

    static final String GOOD = """
            schema: sparsim/reference/v1
            references:
              - id: a100-dense
                group: gpu-dense
                hardware: nvidia-a100-sxm4-80gb
                software: {library: cuBLAS, version: "12.1"}
                workload: {gemm: {m: 4096, n: 4096, k: 4096, dtype: fp16, sparsity: dense, kernel: cublas-dense}}
                metric: seconds
                value: 0.608e-3
                kind: measured
                source: https://example.org/run
                tolerance: 0.15
            """;

    static String error(String text) {
        return assertThrows(BadInputException.class, () -> READER.read(text, "refs.yaml")).getMessage();
    }

    @Test
    void theCommittedFilesReadWithAtLeastFortyEntriesAndUniqueIds() {
        List<Reference> refs = READER.readDirectory(Path.of("references"));
        assertTrue(refs.size() >= 40, refs.size() + " entries");
        assertEquals(refs.size(), refs.stream().map(Reference::id).distinct().count());
        long measured = refs.stream().filter(r -> r.kind() == Reference.Kind.MEASURED).count();
        long knownMisses = refs.stream().filter(r -> r.knownMiss().isPresent()).count();
        assertTrue(knownMisses * 10 <= measured, knownMisses + " known misses of " + measured + " measured");
    }

    @Test
    void aGoodEntryReadsWithItsValues() {
        Reference r = READER.read(GOOD, "refs.yaml").get(0);
        assertEquals("a100-dense", r.id());
        assertEquals(0.608e-3, r.value().getAsDouble(), 0);
        assertTrue(r.gated());
        assertEquals(4096, ((ReferenceWorkload.GemmCase) r.workload()).m());
    }

    @Test
    void anUnknownKeyNamesFileLineAndField() {
        assertEquals("refs.yaml:12: references[0].tolerence: expected a known key (allowed here: id, group, hardware, "
                        + "software, workload, metric, value, kind, source, tolerance, knownMiss, why, note, clock), got "
                        + "'tolerence'",
                error(GOOD.replace("tolerance: 0.15", "tolerence: 0.15")));
    }

    static final String HELD = GOOD.replace("    metric: seconds\n",
            "    clock: {held: 1410 MHz, basis: \"locked with nvidia-smi -lgc 1410\"}\n    metric: seconds\n");

    @Test
    void aHeldClockReadsWithItsBasisAndAnEntryWithoutOneHasNone() {
        Reference r = READER.read(HELD, "refs.yaml").get(0);
        assertEquals(1.41e9, r.clock().orElseThrow().held().hertz(), 0);
        assertEquals("locked with nvidia-smi -lgc 1410", r.clock().get().basis());
        assertTrue(READER.read(GOOD, "refs.yaml").get(0).clock().isEmpty());
    }

    @Test
    void aHeldClockIsReadStrictlyWithFileLineAndField() {
        assertEquals("refs.yaml:8: references[0].clock.held: expected a clock no higher than the boost clock of "
                + "nvidia-a100-sxm4-80gb (1.41 GHz), got '1.5 GHz'", error(HELD.replace("1410 MHz", "1.5 GHz")));
        assertTrue(error(HELD.replace("1410 MHz", "1410")).startsWith("refs.yaml:8: references[0].clock.held: "
                + "expected a frequency"), error(HELD.replace("1410 MHz", "1410")));
        assertTrue(error(HELD.replace("held:", "locked:")).startsWith("refs.yaml:8: references[0].clock.locked: "
                + "expected a known key (allowed here: held, basis)"), error(HELD.replace("held:", "locked:")));
        assertEquals("refs.yaml:8: references[0].clock.basis: expected a non-empty text, but the key is missing",
                error(HELD.replace(", basis: \"locked with nvidia-smi -lgc 1410\"", "")));
        assertEquals("refs.yaml:8: references[0].clock.held: expected a clock only for a GPU (intel-xeon-8480plus "
                + "is not one), got '1.41 GHz'", error(HELD.replace("nvidia-a100-sxm4-80gb", "intel-xeon-8480plus")));
    }

    @Test
    void aMissingFieldIsReportedAtItsEntry() {
        assertEquals("refs.yaml:3: references[0].source: expected a non-empty text, but the key is missing",
                error(GOOD.replace("    source: https://example.org/run\n", "")));
    }

    @Test
    void anUnknownProfileListsTheBundledOnes() {
        String e = error(GOOD.replace("nvidia-a100-sxm4-80gb", "nvidia-a999"));
        assertTrue(e.startsWith("refs.yaml:5: references[0].hardware: expected a bundled profile id ("), e);
        assertTrue(e.endsWith("got 'nvidia-a999'"), e);
    }

    @Test
    void badValuesNameTheirField() {
        assertTrue(error(GOOD.replace("value: 0.608e-3", "value: 0.6 ms"))
                .startsWith("refs.yaml:9: references[0].value: expected a number (no unit)"));
        assertTrue(error(GOOD.replace("value: 0.608e-3", "value: -1"))
                .startsWith("refs.yaml:9: references[0].value: expected a positive number"));
        assertTrue(error(GOOD.replace("metric: seconds", "metric: latency"))
                .startsWith("refs.yaml:8: references[0].metric: expected one of seconds|flopsPerSecond|"));
        assertTrue(error(GOOD.replace("kind: measured", "kind: rumour"))
                .startsWith("refs.yaml:10: references[0].kind: expected one of measured|vendor-claim|claim"));
        assertTrue(error(GOOD.replace("dtype: fp16", "dtype: fp12"))
                .startsWith("refs.yaml:7: references[0].workload.gemm.dtype: expected"));
        assertTrue(error(GOOD.replace("sparsity: dense", "sparsity: 3:4:5"))
                .startsWith("refs.yaml:7: references[0].workload.gemm.sparsity: expected"));
        assertTrue(error(GOOD.replace("m: 4096,", "m: 0,"))
                .startsWith("refs.yaml:7: references[0].workload.gemm.m: expected a positive integer"));
    }

    @Test
    void aClaimNeedsASentenceAndOnlyMeasurementsMayBeKnownMisses() {
        assertTrue(error(GOOD.replace("kind: measured", "kind: claim"))
                .startsWith("refs.yaml:3: references[0].why: expected a sentence"));
        assertTrue(error(GOOD.replace("kind: measured", "kind: vendor-claim") + "    knownMiss: slow\n")
                .startsWith("refs.yaml:13: references[0].knownMiss: expected only on a measured entry"));
    }

    @Test
    void duplicateIdsWrongSchemaAndBrokenYamlAreErrors() {
        String twice = GOOD + GOOD.substring(GOOD.indexOf("  - id:"));
        assertTrue(error(twice).startsWith("refs.yaml:13: references[1].id: expected an id used once (first at line 3)"),
                error(twice));
        assertTrue(error(GOOD.replace("sparsim/reference/v1", "sparsim/reference/v9"))
                .startsWith("refs.yaml:1: schema: expected sparsim/reference/v1"));
        assertTrue(error(GOOD.replace("{gemm: {m", "{gemm: {{m")).startsWith("refs.yaml:7: expected well-formed YAML"));
        assertTrue(error(GOOD.replace("workload: {gemm:", "workload: {step: {model: llama9}, gemm:"))
                .startsWith("refs.yaml:7: references[0].workload: expected exactly one of gemm, step, request"));
    }

    @Test
    void aSplitOverGpusIsCheckedAsPredictChecksIt() {
        String step = GOOD.replace("{gemm: {m: 4096, n: 4096, k: 4096, dtype: fp16, sparsity: dense, kernel: cublas-dense}}",
                "{step: {model: llama2-70b, phase: train, batch: 8, seq: 4096, dtype: bf16, sparsity: dense, tp: 8, "
                        + "pp: 2, dp: 2}}");
        ReferenceWorkload.Step s = (ReferenceWorkload.Step) READER.read(step, "refs.yaml").get(0).workload();
        assertEquals(32, s.parallel().devices());
        assertEquals("refs.yaml:7: references[0].workload.step.tp: expected a degree that divides the 64 attention "
                + "heads of llama2-70b, got '3'", error(step.replace("tp: 8", "tp: 3")));
        assertTrue(error(step.replace("pp: 2", "pp: 81"))
                .startsWith("refs.yaml:7: references[0].workload.step.pp: expected at most one stage per layer (80)"));
        assertTrue(error(step.replace("dp: 2", "dp: 3"))
                .startsWith("refs.yaml:7: references[0].workload.step.batch: expected a data-parallel degree that "
                        + "divides --batch 8"), error(step.replace("dp: 2", "dp: 3")));
        assertTrue(error(step.replace("tp: 8", "tp: 0"))
                .startsWith("refs.yaml:7: references[0].workload.step.tp: expected a positive integer"));
    }

    @Test
    void idsMustBeUniqueAcrossFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), GOOD);
        Files.writeString(dir.resolve("b.yaml"), GOOD);
        String e = assertThrows(BadInputException.class, () -> READER.readDirectory(dir)).getMessage();
        assertTrue(e.startsWith(dir.resolve("b.yaml") + ":3: id: expected an id used once over all reference files "
                + "(first at " + dir.resolve("a.yaml") + ":3)"), e);
    }
}
