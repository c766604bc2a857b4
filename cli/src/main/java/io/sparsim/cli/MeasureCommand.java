package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelPaths;
import io.sparsim.kernels.cpu.KernelPool;
import io.sparsim.validation.cpu.CpuMeasureSuite;
import io.sparsim.validation.gpu.GpuPlan;
import io.sparsim.validation.gpu.GpuPlanReader;
import io.sparsim.validation.gpu.GpuPlanWriter;
import io.sparsim.validation.gpu.GpuPlans;
import io.sparsim.validation.gpu.GpuRunner;
import io.sparsim.validation.measure.ChildProcess;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.MeasurementReader;
import io.sparsim.validation.measure.MeasurementWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "measure", mixinStandardHelpOptions = true,
        description = {"Time real kernels and write a sparsim/measurements/v1 file.",
            "cpu: Sparsim's Java kernels on this machine.",
            "gpu: vendor libraries through PyTorch (validation/src/main/python/sparsim_gpu_runner.py). "
                    + "'--plan FILE' alone writes the standard plan to FILE; with --out it runs the plan in FILE "
                    + "(default: the standard plan) and writes the measurements."})
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--backend", required = true, description = "cpu (Sparsim's Java kernels) or gpu (PyTorch)")
    String backend;

    @Option(names = "--suite", description = "cpu: quick|full|calibrate (default quick; calibrate: the compact set "
            + "'calibrate --host' times)")
    String suite;

    @Option(names = "--threads", description = "cpu: worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random operands and masks")
    long seed;

    @Option(names = "--fork-format", hidden = true,
            description = "cpu: run only this format's cases, one round, in this JVM (what each fork runs)")
    String forkFormat;

    @Option(names = "--fork-round", hidden = true, defaultValue = "1/1",
            description = "cpu, with --fork-format: which round of how many this fork runs, R/N (sets the case order)")
    String forkRound;

    @Option(names = "--paths-ab", description = "cpu: instead of a suite, run the kernel-path probe and every kernel "
            + "against dense at M = 1 and 64 on 4096x11008 at 70%%, interleaved in this JVM, and print the 10th "
            + "percentiles (writes no file; default: off)")
    boolean pathsAb;

    @Option(names = "--out", description = "measurement file to write (atomically); no default: cpu needs it, gpu without it "
            + "only writes --plan")
    Path out;

    @Option(names = "--plan", description = "gpu: plan file to write (without --out) or to run (with --out) (default: the "
            + "built-in plan, run directly)")
    Path plan;

    @Option(names = "--device", defaultValue = "cuda",
            description = "gpu: cuda (default) or cpu, a smoke run of the runner on PyTorch's CPU kernels")
    String device;

    @Option(names = "--max-dim", description = "gpu: clip m, n, k to this multiple of 16 (smoke runs; default: no clipping)")
    Integer maxDim;

    @Option(names = "--only", description = "gpu: run only cases whose id matches this regular expression "
            + "(default: every case)")
    String only;

    @Option(names = "--time-budget", description = "gpu: seconds after which no further case is started (default: no limit)")
    Double timeBudget;

    @Option(names = "--runner", description = "gpu: the runner script (default: found under $SPARSIM_HOME)")
    Path runner;

    @Option(names = "--python", description = "gpu: interpreter with torch (default: $SPARSIM_PYTHON, "
            + "/usr/bin/python3 or python3, the first that imports torch)")
    String python;

    @Override
    public Integer call() {
        if (out != null) {
            io.sparsim.core.files.OutputPaths.checkFile("--out", out);
        }
        return switch (backend) {
            case "cpu" -> cpu();
            case "gpu" -> gpu();
            default -> throw new BadInputException("--backend", "cpu or gpu", backend);
        };
    }

    private int cpu() {
        gpuOnly("--plan", plan);
        gpuOnly("--max-dim", maxDim);
        gpuOnly("--only", only);
        gpuOnly("--time-budget", timeBudget);
        gpuOnly("--python", python);
        gpuOnly("--runner", runner);
        if (!device.equals("cuda")) {
            gpuOnly("--device", device);
        }
        if (pathsAb) {
            return pathsAb();
        }
        if (out == null) {
            throw new BadInputException("--out", "the measurement file to write", null);
        }
        CpuMeasureSuite.Suite s = CpuMeasureSuite.Suite.parse(suite == null ? "quick" : suite, "--suite");
        int n = threadCount();
        var err = spec.commandLine().getErr();
        Measurement m;
        if (forkFormat != null) {
            try (KernelPool pool = new KernelPool(n)) {
                KernelPaths paths = KernelPathsSetup.ensure(pool, err::println);
                int[] round = parseRound(forkRound);
                m = new CpuMeasureSuite(pool, paths, timing(s), seed).run(s, Format.parse(forkFormat, "--fork-format"),
                        round[0], round[1], err::println);
            }
        } else {
            m = measureForked(s, n, seed, err::println);
        }
        new MeasurementWriter().write(m, out);
        err.println("measure: wrote " + m.cases().size() + " cases to " + out);
        if (forkFormat == null) {
            err.println("measure: " + io.sparsim.validation.measure.Steadiness.of(m).describe());
        }
        return 0;
    }

    /** How a suite samples: quick, full, or the calibration's lighter policy. */
    static CpuMeasureSuite.Timing timing(CpuMeasureSuite.Suite s) {
        return switch (s) {
            case QUICK -> CpuMeasureSuite.Timing.quick();
            case FULL -> CpuMeasureSuite.Timing.full();
            case CALIBRATE -> CpuMeasureSuite.Timing.calibrate();
        };
    }

    /**
     * Times suite {@code s} on {@code n} threads, each format's cases in fresh JVMs (three rounds for quick, one
     * otherwise), and returns the pooled measurement; {@code measure} and {@code calibrate --host} run this.
     */
    static Measurement measureForked(CpuMeasureSuite.Suite s, int n, long seed,
            java.util.function.Consumer<String> progress) {
        try (KernelPool pool = new KernelPool(n)) {
            KernelPaths paths = KernelPathsSetup.ensure(pool, progress);
            CpuMeasureSuite runner = new CpuMeasureSuite(pool, paths, timing(s), seed);
            Path tmpDir = temporaryFolder();
            int rounds = switch (s) {
                case QUICK -> 3;
                case CALIBRATE -> 2;
                case FULL -> 1;
            };
            try {
                return runner.runForked(s, rounds,
                        (format, round, of, p) -> fork(s, n, seed, paths, format, round, of, tmpDir, p), progress);
            } finally {
                deleteTree(tmpDir);
            }
        }
    }

    /**
     * Runs one format's cases in a fresh JVM: this JVM's java binary, options and class path, running
     * {@code measure --fork-format}; returns what it wrote.
     */
    private static Measurement fork(CpuMeasureSuite.Suite s, int n, long seed, KernelPaths paths, Format format,
            int round, int rounds,
            Path tmpDir, java.util.function.Consumer<String> progress) {
        Path file = tmpDir.resolve("fork-" + format.id().replace(":", "of") + ".json");
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        // The whole heap faulted in before the first case: a fresh JVM grows its heap as it allocates (weights,
        // encodings, the pack buffers; the kernels used to allocate their packed activations per call), and each
        // new page faults on first touch. Dense M = 64 on 11008×4096 took 34–37 ms in a fresh JVM, 31.3 ms with
        // the heap pre-touched, 29–30 ms late in one long-running JVM.
        long heap = Math.min(Runtime.getRuntime().maxMemory(), CpuMeasureSuite.forkHeapBytes(s));
        cmd.addAll(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch"));
        cmd.add("-D" + KernelPathsSetup.PROPERTY + "=" + paths.text());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "measure",
                "--backend", "cpu", "--suite", s.id(), "--threads", Integer.toString(n), "--seed",
                Long.toString(seed), "--fork-format", format.id(), "--fork-round", round + "/" + rounds, "--out",
                file.toString()));
        int rc = ChildProcess.run(cmd, progress, 0);
        if (rc != 0) {
            throw new IllegalStateException("the forked JVM measuring " + format.id() + " exited with " + rc
                    + " (its messages are above)");
        }
        return new MeasurementReader().read(file);
    }

    /** {@code R/N} with 1 ≤ R ≤ N. */
    private static int[] parseRound(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                int r = Integer.parseInt(parts[0].trim());
                int n = Integer.parseInt(parts[1].trim());
                if (r >= 1 && r <= n) {
                    return new int[] {r, n};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadInputException("--fork-round", "R/N with 1 <= R <= N", text);
    }

    private static void gpuOnly(String flag, Object value) {
        if (value != null) {
            throw new BadInputException(flag, "no value with --backend cpu (a gpu option)", value);
        }
    }

    /** {@code --paths-ab}: the probe's choice and the A/B rows, printed here (the kernels print nothing). */
    private int pathsAb() {
        if (out != null || suite != null || forkFormat != null) {
            throw new BadInputException(out != null ? "--out" : suite != null ? "--suite" : "--fork-format",
                    "no value with --paths-ab (it times its own cases and writes no file)",
                    out != null ? out : suite != null ? suite : forkFormat);
        }
        int n = threadCount();
        var o = spec.commandLine().getOut();
        try (KernelPool pool = new KernelPool(n)) {
            io.sparsim.kernels.cpu.PathsAB.Result r = io.sparsim.kernels.cpu.PathsAB.run(pool, PATHS_AB_REPEATS);
            o.println("probe: " + r.probe().describe());
            for (io.sparsim.kernels.cpu.PathsAB.Row row : r.rows()) {
                StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT,
                        "M=%d p10 dense %.2f ms;", row.m(), row.denseSeconds() * 1e3));
                for (int i = 0; i < row.names().size(); i++) {
                    double p = row.seconds().get(i);
                    line.append(String.format(java.util.Locale.ROOT, " %s %.2f ms (%.2fx)", row.names().get(i),
                            p * 1e3, row.denseSeconds() / p));
                }
                o.println(line);
            }
        }
        return 0;
    }

    /** {@code --threads}, or every core. */
    private int threadCount() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new BadInputException("--threads", "a positive number of threads", n);
        }
        return n;
    }

    /** Turns of the A/B at M = 1: its 10th percentile is the 2nd fastest of 15. */
    private static final int PATHS_AB_REPEATS = 15;

    private int gpu() {
        if (pathsAb) {
            throw new BadInputException("--paths-ab", "no value with --backend gpu (it times Sparsim's CPU kernels)",
                    true);
        }
        if (suite != null) {
            throw new BadInputException("--suite", "no value with --backend gpu (the plan says what runs)", suite);
        }
        if (threads != null) {
            throw new BadInputException("--threads", "no value with --backend gpu", threads);
        }
        if (forkFormat != null) {
            throw new BadInputException("--fork-format", "no value with --backend gpu", forkFormat);
        }
        if (!device.equals("cuda") && !device.equals("cpu")) {
            throw new BadInputException("--device", "cuda or cpu", device);
        }
        if (maxDim != null && (maxDim < 16 || maxDim % 16 != 0)) {
            throw new BadInputException("--max-dim", "a multiple of 16 of at least 16", maxDim);
        }
        if (timeBudget != null && !(timeBudget > 0)) {
            throw new BadInputException("--time-budget", "a positive number of seconds", timeBudget);
        }
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            if (plan == null) {
                throw new BadInputException("--out", "the measurement file to write, or --plan FILE to write the "
                        + "standard plan only", null);
            }
            return writePlan(err);
        }
        GpuPlan p = plan == null ? GpuPlans.standard(seed) : new GpuPlanReader().read(plan);
        Map<String, String> env = System.getenv();
        Path tmpDir = temporaryFolder();
        try {
            Path planFile = plan;
            if (planFile == null) {
                planFile = tmpDir.resolve("gpu-plan.json");
                new GpuPlanWriter().write(p, planFile);
            }
            Path script = runner != null ? runner
                    : GpuRunner.locateScript(env, Path.of("").toAbsolutePath(), tmpDir);
            if (!Files.isRegularFile(script)) {
                throw new BadInputException("--runner", "the path of " + GpuRunner.SCRIPT, script);
            }
            String interpreter = interpreter(env);
            Path abs = out.toAbsolutePath();
            Path partial = abs.resolveSibling("." + abs.getFileName() + ".partial");
            List<String> cmd = new ArrayList<>(List.of(interpreter, script.toString(), "--plan", planFile.toString(),
                    "--out", partial.toString(), "--device", device));
            if (maxDim != null) {
                cmd.addAll(List.of("--max-dim", maxDim.toString()));
            }
            if (only != null) {
                cmd.addAll(List.of("--only", only));
            }
            if (timeBudget != null) {
                cmd.addAll(List.of("--time-budget", timeBudget.toString()));
            }
            err.println("measure: " + p.gemms().size() + " gemm and " + p.copies().size() + " copy cases; running "
                    + String.join(" ", cmd));
            int rc = ChildProcess.run(cmd, err::println, 0);
            if (rc == 2) {
                throw new BadInputException("plan", "input the GPU runner accepts (its message is above)",
                        planFile.toString());
            }
            if (rc != 0) {
                err.println("sparsim: the GPU runner failed with exit code " + rc + " (its messages are above)"
                        + (Files.exists(partial) ? "; what it measured so far is in " + partial : ""));
                return Main.EXIT_CHECK_FAILED;
            }
            Measurement m = new MeasurementReader().read(partial);
            move(partial, abs);
            long skipped = m.host().keySet().stream().filter(k -> k.startsWith("skipped.")).count();
            long failed = m.host().keySet().stream().filter(k -> k.startsWith("failed.")).count();
            err.println("measure: wrote " + m.cases().size() + " measured cases to " + out + " (" + skipped
                    + " skipped, " + failed + " failed their check; reasons in its host description)");
            return 0;
        } finally {
            deleteTree(tmpDir);
        }
    }

    private int writePlan(PrintWriter err) {
        if (maxDim != null || only != null || timeBudget != null || python != null || runner != null
                || !device.equals("cuda")) {
            throw new BadInputException("--out", "a measurement file when running options (--device, --max-dim, "
                    + "--only, --time-budget, --python, --runner) are given", null);
        }
        GpuPlan p = GpuPlans.standard(seed);
        GpuPlanWriter writer = new GpuPlanWriter();
        if (Files.exists(plan)) {
            // Never replace a hand-edited plan the user meant to run but forgot --out for.
            String existing;
            try {
                existing = Files.readString(plan);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + plan, e);
            }
            if (!existing.equals(writer.toJson(p))) {
                throw new BadInputException("--plan", "a new file to write the standard plan to (or add --out FILE "
                        + "to run this plan)", plan + " (exists and differs from the standard plan)");
            }
        }
        writer.write(p, plan);
        err.println("measure: wrote the standard GPU plan (" + p.gemms().size() + " gemm, " + p.copies().size()
                + " copy cases) to " + plan);
        return 0;
    }

    private String interpreter(Map<String, String> env) {
        if (python != null) {
            return python;
        }
        List<String> notes = new ArrayList<>();
        Optional<GpuRunner.Interpreter> found = GpuRunner.findTorch(env, device.equals("cuda"), notes);
        if (found.isEmpty()) {
            throw new BadInputException("SPARSIM_PYTHON", "an interpreter with torch" + (device.equals("cuda")
                    ? " that sees a CUDA device (or --device cpu for a smoke run)" : ""), String.join("; ", notes));
        }
        spec.commandLine().getErr().println("measure: " + found.get().command() + " has torch "
                + found.get().torchVersion() + (found.get().cuda() ? " with CUDA" : ""));
        return found.get().command();
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("sparsim-measure-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder", e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
