package io.sparsim.validation.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Fidelity;
import io.sparsim.validation.compare.CasePredictor;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuPlanTest {
    @TempDir
    Path dir;

    private static final GpuPlan STANDARD = GpuPlans.standard(1);

    @Test
    void shapesAreTheDistinctDecoderLinearsOfTheThreeModels() {
        ModelCatalog catalog = ModelCatalog.bundled();
        List<WeightShape> shapes = GpuPlans.shapes(catalog, GpuPlans.MODELS);
        Set<String> keys = shapes.stream().map(s -> s.k() + "x" + s.n()).collect(Collectors.toSet());
        assertEquals(shapes.size(), keys.size(), "shapes are deduplicated");
        int layers = 0;
        for (String id : GpuPlans.MODELS) {
            ModelConfig m = catalog.get(id);
            for (var layer : GpuPlans.LAYERS) {
                assertTrue(keys.contains(m.inFeatures(layer) + "x" + m.outFeatures(layer)), id + " " + layer);
                layers++;
            }
        }
        assertEquals(layers, shapes.stream().mapToInt(s -> s.layers().size()).sum(), "every layer named once");
        // docs/references.md: Llama-2 70B hidden 8192, 64 heads, 8 KV heads -> k/v project 8192 to 8 x 128 = 1024.
        WeightShape kv70 = shapes.stream().filter(s -> s.layers().contains("llama2-70b.k")).findFirst().orElseThrow();
        assertEquals(8192, kv70.k());
        assertEquals(1024, kv70.n());
        // Llama-2 7B q and Llama-3 8B q share 4096 x 4096 and are one shape.
        WeightShape q = shapes.stream().filter(s -> s.layers().contains("llama2-7b.q")).findFirst().orElseThrow();
        assertTrue(q.layers().contains("llama3-8b.q"), q.layers().toString());
        // Llama-2 7B: gate/up 4096 -> 11008 and down 11008 -> 4096 are distinct shapes.
        assertTrue(keys.contains("4096x11008") && keys.contains("11008x4096"));
    }

    @Test
    void standardPlanCoversEveryShapeTokenCountAndFormatOnceOrderedByTokens() {
        List<WeightShape> shapes = GpuPlans.shapes(ModelCatalog.bundled(), GpuPlans.MODELS);
        List<GemmCase> gemms = STANDARD.gemms();
        assertEquals(1, STANDARD.copies().size());
        assertEquals(shapes.size() * GpuPlans.TOKENS.size() * (3 + GpuPlans.CSR_ZEROS.size() + 2), gemms.size());
        Set<String> combos = new HashSet<>();
        for (GemmCase c : gemms) {
            assertTrue(combos.add(c.m() + "/" + c.k() + "x" + c.n() + "/" + c.format() + "/" + c.sparsity() + "/"
                    + c.dtype() + "/" + c.library()), "duplicate " + c.id());
        }
        for (int i = 1; i < gemms.size(); i++) {
            assertTrue(gemms.get(i - 1).m() <= gemms.get(i).m(), "cases ordered by token count at " + i);
        }
        assertEquals(Set.copyOf(GpuPlans.TOKENS), gemms.stream().map(GemmCase::m).collect(Collectors.toSet()));
        assertEquals(Set.of("dense", "2:4", "unstructured:0.5", "unstructured:0.7", "unstructured:0.9"),
                gemms.stream().map(GemmCase::sparsity).collect(Collectors.toSet()));
        assertEquals(Set.of(GpuLibrary.values()), gemms.stream().map(GemmCase::library).collect(Collectors.toSet()));
        // fp8 only where the libraries have fp8 kernels: dense (cuBLASLt) and 2:4 (cuSPARSELt).
        assertTrue(gemms.stream().filter(c -> c.dtype() == Precision.FP8)
                .allMatch(c -> c.library() == GpuLibrary.CUBLAS || c.library() == GpuLibrary.CUSPARSELT));
        // Every sparse case has its dense twin (same shape and dtype) for the speedup comparison.
        Set<String> dense = gemms.stream().filter(c -> c.format() == Format.DENSE)
                .map(c -> c.m() + "/" + c.k() + "/" + c.n() + "/" + c.dtype()).collect(Collectors.toSet());
        for (GemmCase c : gemms) {
            assertTrue(dense.contains(c.m() + "/" + c.k() + "/" + c.n() + "/" + c.dtype()), "twin of " + c.id());
        }
    }

    @Test
    void everyPlannedCaseCanBePredictedByTheBundledHopperProfiles() {
        // So a real run's file always validates: no case may hit "no kernel for this format" (exit 2).
        ProfileRegistry registry = ProfileRegistry.bundled();
        for (String hw : List.of("nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb")) {
            CasePredictor predictor = new CasePredictor(registry.get(hw), Fidelity.FAST);
            List<GemmCase> gemms = STANDARD.gemms();
            for (int i = 0; i < gemms.size(); i++) {
                GemmCase c = gemms.get(i);
                MeasuredCase asMeasured = new MeasuredCase(c.id(), "gemm", c.m(), c.n(), c.k(), c.dtype().id(),
                        c.sparsity(), c.format(), 1, List.of(1.0), 1.0, 1.0, 1.0, c.precision().id(), "cuda",
                        c.library().id());
                double seconds = predictor.predict(asMeasured, i).seconds();
                assertTrue(seconds > 0 && Double.isFinite(seconds), hw + " " + c.id());
            }
        }
    }

    @Test
    void writerAndReaderRoundTrip() throws Exception {
        Path f = dir.resolve("plan.json");
        new GpuPlanWriter().write(STANDARD, f);
        GpuPlan back = new GpuPlanReader().read(f);
        assertEquals(STANDARD, back);
        assertEquals(new GpuPlanWriter().toJson(STANDARD), Files.readString(f));
        assertEquals(STANDARD.cases().size() + 8, Files.readAllLines(f).size(), "one case per line");
    }

    private static String smallPlanJson() {
        GemmCase dense = GemmCase.of(16, 64, 48, Precision.FP32, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of("t.q"));
        GemmCase csr = GemmCase.of(16, 64, 48, Precision.FP32, Format.CSR, 0.7, GpuLibrary.CUSPARSE, List.of());
        return new GpuPlanWriter().toJson(new GpuPlan("test", 3, PlanTiming.standard(),
                List.of(new CopyCase("copy", 4096), dense, csr)));
    }

    private static BadInputException readBroken(String text) {
        return assertThrows(BadInputException.class, () -> new GpuPlanReader().read(text, "p.json"));
    }

    @Test
    void readerNamesFileLineAndFieldOfEachProblem() {
        String ok = smallPlanJson();
        List<String> lines = ok.lines().toList();
        assertEquals("p.json:8: cases[1].library: expected one of cublas for format dense, got 'cusparse'",
                readBroken(ok.replace("\"library\": \"cublas\"", "\"library\": \"cusparse\"")).getMessage());
        BadInputException e = readBroken(ok.replace("\"samples\": 50", "\"samples\": 49"));
        assertEquals(5, e.line());
        assertEquals("timing.samples", e.field());
        assertTrue(e.getMessage().contains("at least 50"), e.getMessage());
        e = readBroken(ok.replace("\"op\": \"copy\", ", "\"op\": \"copy\", \"colour\": 1, "));
        assertEquals("cases[0].colour", e.field());
        assertEquals(7, e.line());
        e = readBroken(ok.replace("\"id\": \"copy\"", "\"id\": \"gemm-m16-k64-n48-dense-fp32-cublas\""));
        assertEquals("cases[1].id", e.field());
        assertTrue(e.getMessage().contains("not used by an earlier case"), e.getMessage());
        e = readBroken(ok.replace("gpu-plan/v1", "gpu-plan/v2"));
        assertEquals("p.json:2: schema: expected 'sparsim/gpu-plan/v1', got 'sparsim/gpu-plan/v2'", e.getMessage());
        e = readBroken(String.join("\n", lines.subList(0, lines.size() - 2)));
        assertTrue(e.getMessage().startsWith("p.json:"), e.getMessage());
        assertTrue(e.getMessage().contains("well-formed JSON"), e.getMessage());
        e = readBroken(ok.replace("\"m\": 16", "\"m\": 0"));
        assertEquals("cases[1].m", e.field());
    }

    @Test
    void gemmCaseRejectsCombinationsNoLibraryRuns() {
        List<String> fields = new ArrayList<>();
        List<Runnable> bad = List.of(
                () -> GemmCase.of(1, 64, 64, Precision.FP8, Format.CSR, 0.5, GpuLibrary.CUSPARSE, List.of()),
                () -> GemmCase.of(1, 64, 64, Precision.FP8, Format.TWO_FOUR, 0.5, GpuLibrary.CUTLASS, List.of()),
                () -> GemmCase.of(1, 64, 64, Precision.FP32, Format.TWO_FOUR, 0.5, GpuLibrary.CUSPARSELT, List.of()),
                () -> GemmCase.of(1, 66, 64, Precision.BF16, Format.TWO_FOUR, 0.5, GpuLibrary.CUTLASS, List.of()),
                () -> GemmCase.of(1, 64, 64, Precision.BF16, Format.BLOCK16, 0.5, GpuLibrary.CUBLAS, List.of()),
                () -> GemmCase.of(1, 64, 64, Precision.BF16, Format.CSR, 0.0, GpuLibrary.CUSPARSE, List.of()),
                () -> GemmCase.of(1, 64, 64, Precision.INT8, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of()),
                () -> new GemmCase("x", 1, 64, 64, Precision.BF16, Precision.TF32, "dense", Format.DENSE,
                        GpuLibrary.CUBLAS, List.of()));
        for (Runnable r : bad) {
            fields.add(assertThrows(BadInputException.class, r::run).field());
        }
        assertEquals(List.of("dtype", "library", "dtype", "k", "format", "sparsity", "dtype", "precision"), fields);
        GemmCase tf32 = new GemmCase("x", 1, 64, 64, Precision.FP32, Precision.TF32, "dense", Format.DENSE,
                GpuLibrary.CUBLAS, List.of());
        assertEquals(Precision.TF32, tf32.precision());
        assertEquals("gemm-m16-k4096-n11008-csr-u0.7-bf16-cusparse", GemmCase.of(16, 4096, 11008, Precision.BF16,
                Format.CSR, 0.7, GpuLibrary.CUSPARSE, List.of()).id());
        assertFalse(new PlanTiming(1, 0, 50, 0, 1, 2, 1).equals(PlanTiming.standard()));
        assertThrows(BadInputException.class, () -> new PlanTiming(1, 0, 49, 0, 1, 2, 1));
    }
}
