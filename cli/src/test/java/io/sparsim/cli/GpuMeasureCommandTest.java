package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.validation.gpu.CopyCase;
import io.sparsim.validation.gpu.GemmCase;
import io.sparsim.validation.gpu.GpuLibrary;
import io.sparsim.validation.gpu.GpuPlan;
import io.sparsim.validation.gpu.GpuPlanReader;
import io.sparsim.validation.gpu.GpuPlanWriter;
import io.sparsim.validation.gpu.GpuPlans;
import io.sparsim.validation.gpu.GpuRunner;
import io.sparsim.validation.gpu.PlanTiming;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuMeasureCommandTest {
    /** The runner and the synthetic GPU fixture of this checkout (tests run in the cli module folder). */
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path RUNNER = REPO.resolve("validation/src/main/python/" + GpuRunner.SCRIPT);
    private static final Path SYNTHETIC = REPO.resolve(
            "validation/src/test/resources/io/sparsim/validation/gpu/synthetic-h100-measurements.json");

    @TempDir
    Path dir;

    @Test
    void planFlagAloneWritesTheStandardPlanAndNeverReplacesAnotherPlan() throws Exception {
        Path plan = dir.resolve("plan.json");
        CliRunner r = CliRunner.run("measure", "--backend", "gpu", "--plan", plan.toString(), "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertEquals(GpuPlans.standard(5), new GpuPlanReader().read(plan));
        assertTrue(r.err().contains("400 gemm, 1 copy"), r.err());
        // Writing the same plan again is fine; a different existing file is left alone (exit 2).
        assertEquals(0, CliRunner.run("measure", "--backend", "gpu", "--plan", plan.toString(), "--seed", "5").code());
        CliRunner other = CliRunner.run("measure", "--backend", "gpu", "--plan", plan.toString(), "--seed", "6");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("add --out FILE to run this plan"), other.err());
        assertEquals(GpuPlans.standard(5), new GpuPlanReader().read(plan));
    }

    @Test
    void badFlagCombinationsExitTwoWithOneLine() {
        Path plan = dir.resolve("p.json");
        Path out = dir.resolve("o.json");
        List<String[]> bad = List.of(
                new String[] {"measure", "--backend", "gpu"},
                new String[] {"measure", "--backend", "tpu", "--out", out.toString()},
                new String[] {"measure", "--backend", "gpu", "--suite", "full", "--plan", plan.toString()},
                new String[] {"measure", "--backend", "gpu", "--device", "rocm", "--out", out.toString()},
                new String[] {"measure", "--backend", "gpu", "--max-dim", "60", "--out", out.toString()},
                new String[] {"measure", "--backend", "gpu", "--plan", plan.toString(), "--max-dim", "64"},
                new String[] {"measure", "--backend", "cpu", "--plan", plan.toString(), "--out", out.toString()},
                new String[] {"measure", "--backend", "gpu", "--out", out.toString(), "--plan",
                    dir.resolve("missing.json").toString()});
        for (String[] args : bad) {
            CliRunner r = CliRunner.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "no output file after bad input");
        }
    }

    @Test
    void syntheticGpuMeasurementValidatesAgainstTheMatchedH100Profile() {
        CliRunner r = CliRunner.run("validate", "--measurements", SYNTHETIC.toString(), "--format", "json");
        assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ": " + r.err());
        assertTrue(r.out().contains("nvidia-h100-sxm5-80gb"), r.out());
        assertTrue(r.err().contains("matched to GPU 'NVIDIA H100 80GB HBM3'"), r.err());
    }

    @Test
    void withoutACudaInterpreterAGpuRunStopsWithExitTwoAndNoFile() {
        Assumptions.assumeTrue(GpuRunner.findTorch(System.getenv(), true, new ArrayList<>()).isEmpty(),
                "a CUDA-capable torch is present: this test would start a real GPU run");
        Path out = dir.resolve("gpu.json");
        CliRunner r = CliRunner.run("measure", "--backend", "gpu", "--out", out.toString(), "--runner",
                RUNNER.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("SPARSIM_PYTHON: expected an interpreter with torch that sees a CUDA device"),
                r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void cpuSmokeRunGoesPlanToRunnerToCheckedFile() throws Exception {
        List<String> notes = new ArrayList<>();
        Optional<GpuRunner.Interpreter> torch = GpuRunner.findTorch(System.getenv(), false, notes);
        if (torch.isEmpty()) {
            System.err.println("GpuMeasureCommandTest: skipped: no interpreter with torch: " + notes);
        }
        Assumptions.assumeTrue(torch.isPresent(), "no interpreter with torch: " + notes);
        Path plan = dir.resolve("tiny-plan.json");
        new GpuPlanWriter().write(new GpuPlan("cli test", 2, PlanTiming.standard(), List.of(
                new CopyCase("copy-64KiB", 1 << 16),
                GemmCase.of(4, 32, 16, Precision.FP32, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of()),
                GemmCase.of(4, 32, 16, Precision.FP32, Format.CSR, 0.7, GpuLibrary.CUSPARSE, List.of()),
                GemmCase.of(4, 32, 16, Precision.BF16, Format.TWO_FOUR, 0.5, GpuLibrary.CUTLASS, List.of()))), plan);
        Path out = dir.resolve("sub/cpu.json");
        Files.createDirectories(out.getParent()); // an output file's folder must exist (the CLI checks it first)
        CliRunner r = CliRunner.run("measure", "--backend", "gpu", "--device", "cpu", "--plan", plan.toString(),
                "--out", out.toString(), "--runner", RUNNER.toString());
        assertEquals(0, r.code(), r.err());
        Measurement m = new MeasurementReader().read(out);
        assertEquals(List.of("gemm-m4-k32-n16-dense-fp32-cublas", "gemm-m4-k32-n16-csr-u0.7-fp32-cusparse"),
                m.cases().stream().map(c -> c.id()).toList());
        assertTrue(m.host().get("skipped.gemm-m4-k32-n16-2of4-bf16-cutlass").contains("CUDA"));
        assertTrue(r.err().contains("wrote 2 measured cases") && r.err().contains("1 skipped"), r.err());
        assertTrue(r.err().contains("runner: [3/4] gemm-m4-k32-n16-csr-u0.7-fp32-cusparse: median"),
                "progress is streamed: " + r.err());
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(out), files.toList(), "only the output file is left");
        }
    }
}
