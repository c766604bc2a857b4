package io.sparsim.cli;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Kind;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.workloads.Phase;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.DoesNotFit;
import io.sparsim.simulator.memory.MemoryModel;
import io.sparsim.simulator.parallel.Fabric;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.Recomputation;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.TrainingRun;
import io.sparsim.core.BadInputException;
import io.sparsim.workloads.WorkloadLoader;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Simulate one step of a model on a machine: time, throughput, per-op breakdown with bounds.")
final class PredictCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--hw", required = true, description = "profile id, alias (h100, wse3, epyc-9654: see 'profiles list') or file")
    String hw;

    @Option(names = "--model", description = "model id, see 'sparsim models list'")
    String model;

    @Option(names = "--phase", description = "prefill|decode|train")
    String phase;

    @Option(names = "--workload", description = "workload file (sparsim/workload/v1) in place of --model, --phase, "
            + "--batch, --seq, --kv, --dtype and --sparsity; a train workload may carry a SAT ladder schedule")
    Path workload;

    @Option(names = "--mode", defaultValue = TargetOptions.AUTO,
            description = "wafer execution: weight-streaming|resident|auto; auto runs decode resident when the model "
                    + "fits the systems' SRAM and streams otherwise (default ${DEFAULT-VALUE}; wafer targets only)")
    String mode;

    @Option(names = "--systems", description = "wafer systems: N, or auto for the fewest that hold the model "
            + "(default 1; wafer targets only)")
    String systems;

    @Option(names = "--seed", defaultValue = "1", description = "seed of sampled sparsity masks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch", defaultValue = Flags.BATCH, description = "sequences per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq", defaultValue = Flags.SEQ,
            description = "sequence length, prefill and train (default ${DEFAULT-VALUE})")
    Integer seq;

    @Option(names = "--kv", defaultValue = Flags.KV,
            description = "KV-cache length attended by the new token, decode (default ${DEFAULT-VALUE})")
    Integer kv;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16|fp16|fp8|int8|fp32")
    String dtype;

    @Option(names = "--sparsity", defaultValue = "dense", description = "sparsity spec, e.g. 2:4, unstructured:0.7")
    String sparsity;

    @Option(names = "--fidelity", defaultValue = "fast", description = "fast|detailed")
    String fidelity;

    @Option(names = "--trace", description = "write the step's timeline as Chrome trace JSON (Perfetto)")
    Path trace;

    @Option(names = "--format", defaultValue = "table", description = "table|json")
    OutputFormat format;

    @Option(names = "--tp", defaultValue = "1", description = "tensor-parallel GPUs (Megatron splits; default ${DEFAULT-VALUE})")
    int tp;

    @Option(names = "--pp", defaultValue = "1", description = "pipeline stages (1F1B; default ${DEFAULT-VALUE})")
    int pp;

    @Option(names = "--dp", defaultValue = "1", description = "data-parallel replicas; --batch is the global batch "
            + "(default ${DEFAULT-VALUE})")
    int dp;

    @Option(names = "--zero", defaultValue = "0", description = "ZeRO stage over the data-parallel group, 0|1|2|3 "
            + "(3 = FSDP; train only; default ${DEFAULT-VALUE})")
    int zero;

    @Option(names = "--micro-batch", description = "sequences per pipeline micro-batch (default: the replica's batch)")
    Integer microBatch;

    @Option(names = "--recompute", defaultValue = "none", description = "activation recompute in training: none|full "
            + "(default ${DEFAULT-VALUE})")
    String recompute;

    @Override
    public void run() {
        if (trace != null) {
            OutputPaths.checkFile("--trace", trace);
        }
        Fidelity f = Fidelity.parse(fidelity, "--fidelity");
        Workload w;
        for (String flag : List.of("--model", "--phase", "--batch", "--seq", "--kv", "--dtype", "--sparsity")) {
            Applicability.require(spec, flag, workload == null, "runs without --workload", "a --workload file");
        }
        if (workload != null) {
            w = WorkloadLoader.bundled().load(workload);
        } else {
            if (model == null || phase == null) {
                throw new BadInputException("--model/--phase", "both, or a --workload file", model == null
                        ? "no --model" : "no --phase");
            }
            Flags.sparsity(sparsity);
            // a default applies only to the phase that uses it; a flag given by hand is checked as given
            var given = spec.commandLine().getParseResult();
            boolean decode = "decode".equals(phase);
            boolean seqGiven = given.hasMatchedOption("--seq");
            Integer s = decode && !seqGiven ? null : seq;
            // decode reads --seq as its KV length when --kv is not given (both given: an error below)
            Integer k = given.hasMatchedOption("--kv") || (decode && !seqGiven) ? kv : null;
            w = Workload.fromFlags(ModelCatalog.bundled(), model, phase, batch, s, k, dtype, sparsity);
        }
        HardwareProfile profile = HostProfiles.get(hw, spec.commandLine().getErr());
        checkApplicable(profile, w);
        Parallelism parallelism = new Parallelism(tp, pp, dp, Parallelism.ZeroStage.of(zero),
                microBatch == null ? 0 : microBatch);
        Recompute rc = Recompute.parse(recompute, "--recompute");
        if (!parallelism.isSingleDevice()) {
            Fabric.of(profile, parallelism);
        }
        if (w.model().heads() % tp != 0) {
            throw new BadInputException("--tp", "a degree that divides the " + w.model().heads() + " attention heads of "
                    + w.model().id(), tp);
        }
        if (pp > w.model().layers()) {
            throw new BadInputException("--pp", "at most one stage per layer (" + w.model().layers() + ")", pp);
        }
        TargetOptions options = new TargetOptions(mode, systems == null ? 1 : TargetOptions.parseSystems(systems), seed);
        DeviceMemory memory = profile instanceof WaferProfile
                ? WaferChecks.memory(profile, options, w, systems) : MemoryModel.check(w, parallelism, rc, profile);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hw", profile.id());
        out.put("model", w.model().id());
        out.put("phase", w.phase().kind());
        out.put("batch", w.phase().batch());
        out.put("tokensPerStep", w.phase().tokens());
        out.put("dtype", w.precision().id());
        out.put("sparsity", w.sparsity().toString());
        out.put("fidelity", f.id());
        out.put("memory", MemorySection.memory(memory));
        if (!memory.fits()) {
            DoesNotFit d = memory.doesNotFit().orElseThrow();
            out.put("doesNotFit", MemorySection.doesNotFit(d));
            spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(out) : header(out)
                    + MemorySection.line(d) + "\n");
            return;
        }
        var target = Simulator.target(profile, options, parallelism);
        Prediction p = Prediction.of(w, target, f);
        if (rc == Recompute.FULL && profile.kind() != Kind.WAFER) {
            p = new Prediction(Recomputation.full(p.result()), Recomputation.full(p.dense()));
        }
        SimResult r = p.result();
        if (!r.fits()) {
            // Memory fits, the mapping does not (e.g. no micro-batch's activations fit a wafer's SRAM).
            out.put("doesNotFit", MemorySection.doesNotFit(new DoesNotFit(r.doesNotFit().get(), 0)));
            out.put("mapping", r.mapping());
            spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(out) : header(out)
                    + "does not fit: " + r.doesNotFit().get() + "\n");
            return;
        }
        out.put("secondsPerStep", r.secondsPerStep());
        out.put("tokensPerSecond", r.tokensPerSecond());
        out.put("rooflineSecondsPerStep", r.rooflineSecondsPerStep());
        out.put("flops", r.flops());
        out.put("denseFlops", p.dense().flops());
        if (p.dense().fits()) {
            out.put("denseSecondsPerStep", p.dense().secondsPerStep());
            out.put("speedupVsDense", p.speedupVsDense());
        }
        out.put("flopProportionalSpeedup", p.flopProportionalSpeedup());
        out.put("boundBy", r.dominantBound().id());
        out.put("timeShareByBound", Breakdown.timeByBound(r));
        out.put("mapping", r.mapping());
        w.schedule().ifPresent(schedule -> out.put("run", Breakdown.run(TrainingRun.of(w, schedule, target, f))));
        List<Map<String, Object>> ops = Breakdown.ops(r);
        out.put("ops", ops);
        String text = format == OutputFormat.json ? Json.write(out) : table(out, ops);
        if (trace != null) {
            AtomicFiles.write(trace, r.chromeTrace());
        }
        spec.commandLine().getOut().print(text);
    }

    /** Flags given for a target or phase they do not apply to are errors. */
    private void checkApplicable(HardwareProfile profile, Workload w) {
        String target = Applicability.target(profile);
        boolean wafer = profile.kind() == Kind.WAFER;
        boolean multiDevice = profile.kind() == Kind.GPU || profile.kind() == Kind.CLUSTER;
        Applicability.require(spec, "--mode", wafer, "wafer profiles", target);
        Applicability.require(spec, "--systems", wafer, "wafer profiles (GPUs and CPUs take --tp/--pp/--dp)", target);
        for (String flag : List.of("--tp", "--pp", "--dp")) {
            Applicability.require(spec, flag, multiDevice, "gpu and cluster profiles", target);
        }
        boolean train = w.phase() instanceof Phase.Train;
        String phaseName = "phase " + w.phase().kind();
        Applicability.require(spec, "--zero", train, "phase train", phaseName);
        Applicability.require(spec, "--recompute", train, "phase train", phaseName);
        Applicability.require(spec, "--micro-batch", multiDevice, "gpu and cluster profiles", target);
        Applicability.require(spec, "--micro-batch", train || pp > 1, "pipelines (--pp > 1) and training",
                phaseName + " without --pp");
        Applicability.require(spec, "--seq", !(w.phase() instanceof Phase.Decode) || kv == null,
                "prefill, train, or decode without --kv", "decode with --kv");
    }

    private static String header(Map<String, Object> out) {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("hw", "model", "phase", "tokensPerStep", "dtype", "sparsity", "fidelity")) {
            sb.append(key).append(": ").append(out.get(key)).append('\n');
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> memory = (Map<String, Object>) out.get("memory");
        sb.append(String.format(Locale.ROOT, "memory: %.3g GB of %.3g GB per device%n",
                ((Number) memory.get("perDeviceBytes")).doubleValue() / 1e9,
                ((Number) memory.get("capacityBytes")).doubleValue() / 1e9));
        return sb.toString();
    }

    private static String table(Map<String, Object> out, List<Map<String, Object>> ops) {
        StringBuilder sb = new StringBuilder(header(out));
        sb.append(String.format(Locale.ROOT, "secondsPerStep: %.6g (roofline %.6g)%n", out.get("secondsPerStep"),
                out.get("rooflineSecondsPerStep")));
        sb.append(String.format(Locale.ROOT, "tokensPerSecond: %.6g%n", out.get("tokensPerSecond")));
        if (out.containsKey("speedupVsDense")) {
            sb.append(String.format(Locale.ROOT, "speedupVsDense: %.3f (FLOP-proportional %.3f)%n",
                    out.get("speedupVsDense"), out.get("flopProportionalSpeedup")));
        } else {
            sb.append("speedupVsDense: none (the dense twin does not fit this configuration)\n");
        }
        sb.append("boundBy: ").append(out.get("boundBy")).append(' ').append(out.get("timeShareByBound")).append('\n');
        sb.append("mapping: ").append(out.get("mapping")).append('\n');
        if (out.containsKey("doesNotFit")) {
            sb.append("doesNotFit: ").append(out.get("doesNotFit")).append('\n');
        }
        if (out.containsKey("run")) {
            sb.append("run: ").append(out.get("run")).append('\n');
        }
        sb.append('\n');
        double total = (double) out.get("secondsPerStep");
        Table t = Table.create("ops",
                StringColumn.create("group", ops.stream().map(o -> o.get("group") + " x" + o.get("repeat"))),
                StringColumn.create("op", ops.stream().map(o -> (String) o.get("op"))),
                StringColumn.create("kernel", ops.stream().map(o -> (String) o.get("kernel"))),
                DoubleColumn.create("microseconds", ops.stream().mapToDouble(o -> round((double) o.get("seconds") * 1e6))),
                DoubleColumn.create("roofline_us", ops.stream()
                        .mapToDouble(o -> round((double) o.get("rooflineSeconds") * 1e6))),
                DoubleColumn.create("share_pct", ops.stream()
                        .mapToDouble(o -> round((double) o.get("secondsAllRepeats") / total * 100))),
                StringColumn.create("boundBy", ops.stream().map(o -> (String) o.get("boundBy"))));
        sb.append(TableText.terminal(t));
        return sb.toString();
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
