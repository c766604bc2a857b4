package io.sparsim.validation.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.validation.measure.ChildProcess;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python runner: {@code --dry-run} needs only python3; the CPU runs need an interpreter with torch
 * (Debian's python3-torch, or $SPARSIM_PYTHON) and are skipped, with the reason printed, without one.
 */
class GpuRunnerScriptTest {
    /** This checkout's runner (tests run in the module folder). */
    private static final Path SCRIPT = Path.of("src", "main", "python", GpuRunner.SCRIPT).toAbsolutePath();
    private static Optional<String> python;
    private static Optional<GpuRunner.Interpreter> torch;
    private static String noTorch;

    @TempDir
    Path dir;

    @BeforeAll
    static void findInterpreters() {
        python = GpuRunner.findPython(System.getenv());
        List<String> notes = new ArrayList<>();
        torch = GpuRunner.findTorch(System.getenv(), false, notes);
        noTorch = "no Python interpreter with torch (" + String.join("; ", notes) + "); install python3-torch "
                + "or set SPARSIM_PYTHON";
        if (torch.isEmpty()) {
            System.err.println("GpuRunnerScriptTest: skipping the CPU runs: " + noTorch);
        }
    }

    private record Run(int rc, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private static Run run(String interpreter, String... args) {
        List<String> cmd = new ArrayList<>(List.of(interpreter, SCRIPT.toString()));
        cmd.addAll(List.of(args));
        List<String> lines = new ArrayList<>();
        int rc = ChildProcess.run(cmd, lines::add, 300);
        return new Run(rc, lines);
    }

    private static String python() {
        Assumptions.assumeTrue(python.isPresent(), "no python3 found (tried " + GpuRunner.candidates(System.getenv())
                + ")");
        return python.get();
    }

    private static String torchPython() {
        if (torch.isEmpty()) {
            System.err.println("GpuRunnerScriptTest: skipped: " + noTorch);
        }
        Assumptions.assumeTrue(torch.isPresent(), noTorch);
        return torch.get().command();
    }

    /** Small CPU-runnable plan: fp32 dense and CSR (PyTorch's CPU CSR kernels take fp32), bf16, and GPU-only cases. */
    private Path smallPlan() {
        int m = 3;
        int k = 64;
        int n = 48;
        List<PlanCase> cases = List.of(
                new CopyCase("copy-1MiB", 1 << 20),
                GemmCase.of(m, k, n, Precision.FP32, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.FP32, Format.CSR, 0.5, GpuLibrary.CUSPARSE, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.FP32, Format.CSR, 0.9, GpuLibrary.CUSPARSE, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.BF16, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.BF16, Format.CSR, 0.7, GpuLibrary.CUSPARSE, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.BF16, Format.TWO_FOUR, 0.5, GpuLibrary.CUSPARSELT, List.of("test.q")),
                GemmCase.of(m, k, n, Precision.FP8, Format.DENSE, 0, GpuLibrary.CUBLAS, List.of("test.q")));
        Path f = dir.resolve("small-plan.json");
        new GpuPlanWriter().write(new GpuPlan("test plan", 7, PlanTiming.standard(), cases), f);
        return f;
    }

    @Test
    void dryRunListsEveryCaseOfTheStandardPlanWithoutTorch() {
        Path plan = dir.resolve("plan.json");
        GpuPlan standard = GpuPlans.standard(1);
        new GpuPlanWriter().write(standard, plan);
        Run r = run(python(), "--plan", plan.toString(), "--dry-run");
        assertEquals(0, r.rc(), r.text());
        assertTrue(r.text().contains("401 of 401 cases selected: 400 gemm, 1 copy"), r.text());
        for (PlanCase c : standard.cases()) {
            assertTrue(r.lines().stream().anyMatch(l -> l.trim().startsWith(c.id() + " ")), c.id());
        }
        Run clipped = run(python(), "--plan", plan.toString(), "--dry-run", "--max-dim", "64", "--only", "bf16");
        assertEquals(0, clipped.rc(), clipped.text());
        // All shapes clip to 64x64, M to {1, 16, 64}: 3 token counts x 6 bf16 formats, duplicates run once.
        assertTrue(clipped.text().contains("18 of 401 cases selected: 18 gemm, 0 copy"), clipped.text());
    }

    @Test
    void runnerRejectsWhatTheJavaReaderRejects() throws Exception {
        String ok = Files.readString(smallPlan());
        Map<String, String> breaks = Map.of(
                "\"library\": \"cublas\"", "\"library\": \"cusparse\"",
                "\"samples\": 50", "\"samples\": 49",
                "\"op\": \"copy\", ", "\"op\": \"copy\", \"colour\": 1, ",
                "\"k\": 64, \"dtype\": \"fp8\"", "\"k\": 64, \"dtype\": \"int8\"",
                "\"sparsity\": \"unstructured:0.9\"", "\"sparsity\": \"unstructured:1.5\"",
                "gpu-plan/v1", "gpu-plan/v2");
        for (Map.Entry<String, String> b : breaks.entrySet()) {
            assertTrue(ok.contains(b.getKey()), b.getKey());
            Path f = dir.resolve("broken.json");
            Files.writeString(f, ok.replace(b.getKey(), b.getValue()));
            String javaError = org.junit.jupiter.api.Assertions.assertThrows(io.sparsim.core.BadInputException.class,
                    () -> new GpuPlanReader().read(f)).field();
            Run r = run(python(), "--plan", f.toString(), "--dry-run");
            assertEquals(2, r.rc(), b.getValue() + ": " + r.text());
            assertTrue(r.text().contains(f + ":") && r.text().contains(" " + javaError + ": expected"),
                    "java field " + javaError + " vs runner: " + r.text());
        }
    }

    @Test
    void cpuRunWritesAFileTheReaderAcceptsWithCheckedCsrResults() throws Exception {
        String py = torchPython();
        Path out = dir.resolve("out.json");
        Run r = run(py, "--plan", smallPlan().toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.rc(), r.text());
        Measurement m = new MeasurementReader().read(out);
        Map<String, MeasuredCase> byId = m.cases().stream().collect(Collectors.toMap(MeasuredCase::id, c -> c));
        for (String id : List.of("gemm-m3-k64-n48-dense-fp32-cublas", "gemm-m3-k64-n48-csr-u0.5-fp32-cusparse",
                "gemm-m3-k64-n48-csr-u0.9-fp32-cusparse", "gemm-m3-k64-n48-dense-bf16-cublas")) {
            MeasuredCase c = byId.get(id);
            assertTrue(c != null, id + " measured: " + r.text());
            assertTrue(c.samplesSeconds().size() >= PlanTiming.MIN_SAMPLES, id);
            assertEquals("torch-cpu", c.backend());
            assertEquals(3, c.m());
            assertEquals(48, c.n());
            assertEquals(64, c.k());
            // The runner checked the result against an fp32 product of the same operands before timing it.
            String check = m.host().get("check." + id);
            assertTrue(check != null && check.startsWith("relative error "), id + ": " + check);
            double err = Double.parseDouble(check.split(" ")[2]);
            assertTrue(err <= (c.dtype().equals("fp32") ? 1e-5 : 2e-2), id + ": " + check);
        }
        assertEquals("unstructured:0.9", byId.get("gemm-m3-k64-n48-csr-u0.9-fp32-cusparse").sparsity());
        assertEquals(Format.CSR, byId.get("gemm-m3-k64-n48-csr-u0.9-fp32-cusparse").format());
        // GPU-only cases are recorded with a reason, never silently dropped.
        assertTrue(m.host().get("skipped.gemm-m3-k64-n48-2of4-bf16-cusparselt").contains("CUDA"), m.host().toString());
        assertTrue(m.host().get("skipped.gemm-m3-k64-n48-dense-fp8-cublas").contains("CUDA"), m.host().toString());
        // bf16 CSR runs where PyTorch's CPU kernels take bf16, and is recorded as skipped (with why) where not.
        String bf16Csr = "gemm-m3-k64-n48-csr-u0.7-bf16-cusparse";
        assertTrue(byId.containsKey(bf16Csr) ^ m.host().containsKey("skipped." + bf16Csr), m.host().toString());
        assertEquals(Integer.toString(m.cases().size()), m.host().get("casesMeasured"));
        assertEquals("complete", m.host().get("status"));
        assertEquals("torch-cpu", m.host().get("backend"));
        assertFalse(m.host().get("torch").isBlank());
        double bytesPerSecond = Double.parseDouble(m.host().get("copy.copy-1MiB.readPlusWriteBytesPerSecond"));
        double median = Double.parseDouble(m.host().get("copy.copy-1MiB.medianSeconds"));
        assertEquals(2.0 * (1 << 20) / median, bytesPerSecond, 1e-6 * bytesPerSecond);
    }

    @Test
    void aResultThatDiffersFromTheReferenceIsRecordedAsFailedNotTimed() throws Exception {
        String py = torchPython();
        Path out = dir.resolve("out.json");
        Run r = run(py, "--plan", smallPlan().toString(), "--out", out.toString(), "--device", "cpu",
                "--only", "fp32", "--corrupt-for-test", "csr");
        assertEquals(0, r.rc(), r.text());
        Measurement m = new MeasurementReader().read(out);
        assertEquals(List.of("gemm-m3-k64-n48-dense-fp32-cublas"), m.cases().stream().map(MeasuredCase::id).toList());
        String failed = m.host().get("failed.gemm-m3-k64-n48-csr-u0.5-fp32-cusparse");
        assertTrue(failed != null && failed.contains("exceeds the tolerance"), m.host().toString());
        assertEquals("2", m.host().get("casesFailed"));
        assertTrue(r.text().contains("FAILED CHECK"), r.text());
    }

    @Test
    void resumeKeepsMeasuredCasesAndABudgetLeavesARecordedPartialFile() throws Exception {
        String py = torchPython();
        Path plan = smallPlan();
        Path first = dir.resolve("first.json");
        assertEquals(0, run(py, "--plan", plan.toString(), "--out", first.toString(), "--device", "cpu",
                "--only", "dense-fp32").rc());
        Path second = dir.resolve("second.json");
        Run r = run(py, "--plan", plan.toString(), "--out", second.toString(), "--device", "cpu", "--only", "fp32",
                "--resume", first.toString());
        assertEquals(0, r.rc(), r.text());
        Measurement a = new MeasurementReader().read(first);
        Measurement b = new MeasurementReader().read(second);
        assertEquals(3, b.cases().size());
        assertEquals(a.cases().get(0), b.cases().get(0), "the resumed case is kept, not measured again");

        Path starved = dir.resolve("starved.json");
        Run s = run(py, "--plan", plan.toString(), "--out", starved.toString(), "--device", "cpu",
                "--time-budget", "0.000001");
        assertEquals(0, s.rc(), s.text());
        Measurement p = new MeasurementReader().read(starved);
        assertEquals("partial", p.host().get("status"));
        assertTrue(p.host().get("casesNotRun").contains("time budget"), p.host().toString());
    }

    @Test
    void scriptIsFoundUnderSparsimHomeOrByExplicitPath() throws Exception {
        Path home = dir.resolve("home");
        Path py = home.resolve("validation/src/main/python");
        Files.createDirectories(py);
        Files.writeString(py.resolve(GpuRunner.SCRIPT), "# test\n");
        assertEquals(py.resolve(GpuRunner.SCRIPT), GpuRunner.locateScript(Map.of("SPARSIM_HOME", home.toString()),
                dir, dir));
        assertEquals(SCRIPT, GpuRunner.locateScript(Map.of("SPARSIM_GPU_RUNNER", SCRIPT.toString()), dir, dir));
        // From the module folder: the checkout's file, or the same text from the classpath where the build packs it.
        assertEquals(Files.readString(SCRIPT), Files.readString(GpuRunner.locateScript(Map.of(),
                Path.of("").toAbsolutePath(), dir)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.sparsim.core.BadInputException.class,
                () -> GpuRunner.locateScript(Map.of("SPARSIM_HOME", dir.resolve("nowhere").toString()), dir, dir));
        assertEquals("SPARSIM_HOME", e.field());
        assertEquals(List.of("/opt/py"), GpuRunner.candidates(Map.of("SPARSIM_PYTHON", "/opt/py")));
        assertEquals(List.of("/usr/bin/python3", "python3"), GpuRunner.candidates(Map.of()));
        assertTrue(GpuRunner.probe(dir.resolve("no-such-python").toString()).isEmpty());
    }
}
