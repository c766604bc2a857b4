package io.sparsim.validation.references;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.workloads.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Predictions of the published references, the gate and the generated page. */
class ReferenceReportTest {
    static final ProfileRegistry REGISTRY = ProfileRegistry.bundled();
    static final List<Reference> REFS = new ReferenceReader(REGISTRY, ModelCatalog.bundled())
            .readDirectory(Path.of("references"));
    static final ReferenceReport REPORT = new ReferenceReport(
            new ReferencePredictor(REGISTRY::get, ModelCatalog.bundled()).predictAll(REFS));

    @Test
    void docsReferencesIsGeneratedFromTheFiles() throws Exception {
        assertEquals(REPORT.markdown(), Files.readString(Path.of("../docs/references.md")),
                "docs/references.md is out of date: run ./sparsim validate --references --doc docs/references.md");
    }

    @Test
    void errorsAreRelativeForTimesAndAbsoluteForSpeedups() {
        for (ReferenceResult r : REPORT.results()) {
            if (r.reference().value().isEmpty() || Double.isNaN(r.predicted())) {
                continue;
            }
            double v = r.reference().value().getAsDouble();
            double expected = r.reference().metric().absolute() ? r.predicted() - v : r.predicted() / v - 1;
            assertEquals(expected, r.error(), 1e-12, r.reference().id());
        }
    }

    @Test
    void aMeasuredEntryOutsideItsToleranceFailsTheGateAndAKnownMissDoesNot() {
        Reference base = REFS.stream().filter(r -> r.id().equals("e18-h100-8192-bf16")).findFirst().orElseThrow();
        Reference off = new Reference(base.id(), base.group(), base.hardware(), base.software(), base.workload(), base.clock(),
                base.metric(), java.util.OptionalDouble.of(base.value().getAsDouble() * 2), base.kind(),
                base.source(), base.tolerance(), java.util.Optional.empty(), java.util.Optional.empty());
        ReferencePredictor p = new ReferencePredictor(REGISTRY::get, ModelCatalog.bundled());
        assertFalse(new ReferenceReport(List.of(p.predict(off))).passes());
        Reference known = new Reference(off.id(), off.group(), off.hardware(), off.software(), off.workload(), off.clock(),
                off.metric(), off.value(), off.kind(), off.source(), off.tolerance(),
                java.util.Optional.of("a reason"), java.util.Optional.empty());
        assertTrue(new ReferenceReport(List.of(p.predict(known))).passes());
    }

    @Test
    void everyGpuMeasurementIsMetOnTheWholeSet() {
        List<String> failing = REPORT.results().stream().filter(ReferenceResult::fails)
                .filter(r -> REGISTRY.get(r.reference().hardware()) instanceof io.sparsim.hwprofiles.GpuProfile)
                .map(r -> r.reference().id() + " " + r.error()).toList();
        assertEquals(List.of(), failing);
    }

    /**
     * The published multi-GPU figures (vLLM's CI on four H200s, Megatron-Core's model FLOP utilisation), predicted
     * through predict's split targets: the vendor claim is not gated by {@code check}, so it is held here.
     */
    @Test
    void scaleOutFiguresAreMetThroughTheSplitTargets() {
        for (String id : List.of("e16-h200-vllm-llama3-70b-tp4", "e17-megatron-h100-mfu")) {
            ReferenceResult r = REPORT.results().stream().filter(x -> x.reference().id().equals(id)).findFirst()
                    .orElseThrow();
            assertTrue(r.withinTolerance(), id + ": " + r.error());
        }
    }

    /**
     * What one entry cannot tell apart is not fitted: a speedup alone fixes only the ratio of the sparse and dense
     * rates, one cuSPARSELt GEMM cannot part a per-call cost from the kernel's rate, one model step cannot part the
     * HBM rate from the step's other costs.
     */
    @Test
    void theFitFreesOnlyWhatItsEntriesSeparate() {
        ReferenceCalibrator c = new ReferenceCalibrator(REGISTRY::get, ModelCatalog.bundled());
        List<Reference> oneSpeedup = REFS.stream().filter(r -> r.id().equals("e6-rtx3060-8192-2:4")).toList();
        assertEquals(List.of("sparseTensorCore"), c.fit(oneSpeedup, false, 1L).free().get("nvidia-rtx-3060"));
        // One short cuSPARSELt GEMM (0.15 ms at MI300X's dense peak) is too much per-call cost to fix the kernel.
        List<Reference> oneShape = REFS.stream().filter(r -> r.id().startsWith("e7-mi300x-3072")).toList();
        assertEquals(List.of("tensorCore"), c.fit(oneShape, false, 1L).free().get("amd-mi300x"));
        List<Reference> twoLengths = REFS.stream().filter(r -> r.id().startsWith("e7-mi300x")).toList();
        assertTrue(c.fit(twoLengths, false, 1L).free().get("amd-mi300x").contains("sparseCallOverhead"));
        // One model step cannot part HBM from the step's other costs; steps of two models can.
        List<Reference> oneStep = REFS.stream().filter(r -> r.id().equals("ao1734-h100-llama3-8b-dense")).toList();
        assertEquals(List.of(), c.fit(oneStep, false, 1L).free().get("nvidia-h100-sxm5-80gb"));
        List<Reference> twoModels = REFS.stream().filter(r -> r.id().startsWith("e16-h200")).toList();
        assertEquals(List.of("hbm"), c.fit(twoModels, false, 1L).free().get("nvidia-h200-sxm-141gb"));
    }

    /**
     * A 2:4 fraction the entries leave free keeps its bundled ratio to the fitted dense fraction: fitted on A100's
     * short 4096-cubed GEMMs alone, the dense fraction moves and the sparse ones move with it.
     */
    @Test
    void aKeptSparseFractionKeepsItsRatioToTheDenseOne() {
        List<Reference> e1 = REFS.stream().filter(r -> r.id().startsWith("e1-a100-4096")).toList();
        ReferenceCalibrator.Result r = new ReferenceCalibrator(REGISTRY::get, ModelCatalog.bundled())
                .fit(e1, false, 1L);
        assertEquals(List.of("tensorCore"), r.free().get("nvidia-a100-sxm4-80gb"));
        GpuProfile.Efficiency bundled = ((GpuProfile) REGISTRY.get("nvidia-a100-sxm4-80gb")).efficiency();
        GpuProfile.Efficiency fitted = r.fitted().get("nvidia-a100-sxm4-80gb").efficiency();
        assertNotEquals(bundled.tensorCore(), fitted.tensorCore(), 1e-3);
        assertEquals(bundled.sparseTensorCore() / bundled.tensorCore(), fitted.sparseTensorCore()
                / fitted.tensorCore(), 1e-9);
        assertEquals(bundled.sparseCutlass() / bundled.tensorCore(), fitted.sparseCutlass() / fitted.tensorCore(),
                1e-9);
    }

    /** A run that held its clock above the sustained one runs its math faster by their ratio, at most. */
    @Test
    void anEntrysHeldClockChangesItsPrediction() {
        Reference e2 = REFS.stream().filter(r -> r.id().equals("e2-a100-16384-dense")).findFirst().orElseThrow();
        Reference unheld = new Reference(e2.id(), e2.group(), e2.hardware(), e2.software(), e2.workload(),
                java.util.Optional.empty(), e2.metric(), e2.value(), e2.kind(), e2.source(), e2.tolerance(),
                e2.knownMiss(), e2.why());
        ReferencePredictor p = new ReferencePredictor(REGISTRY::get, ModelCatalog.bundled());
        GpuProfile a100 = (GpuProfile) REGISTRY.get("nvidia-a100-sxm4-80gb");
        double clockRatio = e2.clock().orElseThrow().held().hertz() / a100.sustainedClock().hertz();
        double ratio = p.predict(e2).predicted() / p.predict(unheld).predicted();
        assertTrue(ratio > 1.1 && ratio <= clockRatio + 1e-9, ratio + " against a clock ratio of " + clockRatio);
    }

    /**
     * The held-out half is met on the seeds that once failed for each cause fixed: e2's held clock (seed 1), a kept
     * 2:4 fraction's ratio to the dense one (seed 4), a lone decode step fitting H100's HBM (seed 7).
     */
    @Test
    void theHeldOutHalfIsMetOnTheSeedsThatExposedEachCause() {
        ReferenceCalibrator c = new ReferenceCalibrator(REGISTRY::get, ModelCatalog.bundled());
        for (long seed : new long[] {1, 4, 7}) {
            ReferenceReport heldOut = c.fit(REFS, true, seed).heldOut();
            List<String> failing = heldOut.results().stream().filter(ReferenceResult::fails)
                    .map(r -> r.reference().id() + " " + r.error()).toList();
            assertEquals(List.of(), failing, "seed " + seed);
            assertTrue(heldOut.passes(), "seed " + seed);
        }
    }

    @Test
    void aHeldOutFitReportsTheOtherHalfAndNamesWhatItCannotTestIndependently() {
        ReferenceCalibrator.Result r = new ReferenceCalibrator(REGISTRY::get, ModelCatalog.bundled())
                .fit(REFS, true, 1L);
        assertFalse(r.trainKeys().isEmpty());
        assertFalse(r.heldOutKeys().isEmpty());
        assertTrue(r.trainKeys().stream().noneMatch(r.heldOutKeys()::contains));
        assertTrue(r.train().passes(), "the training half is met after the fit");
        assertEquals(r.heldOut().results().size() + r.train().results().size(),
                new ReferenceCalibrator(REGISTRY::get, ModelCatalog.bundled()).gpuMeasurements(REFS).size());
    }
}
