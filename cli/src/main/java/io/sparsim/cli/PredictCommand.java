package io.sparsim.cli;

import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Kind;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.workloads.Phase;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.MemoryModel;
import io.sparsim.simulator.parallel.Fabric;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.reports.predict.PredictReport;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.Recomputation;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.TrainingRun;
import io.sparsim.core.BadInputException;
import io.sparsim.workloads.WorkloadLoader;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Simulate one step of a model on a machine: time, throughput, per-op breakdown with bounds.")
final class PredictCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--hw", required = true, description = "profile id, alias (h100, wse3, epyc-9654: see 'profiles list') or file")
    String hw;

    @Option(names = "--model", description = "model id, see 'sparsim models list' (no default: give --model and "
            + "--phase, or --workload)")
    String model;

    @Option(names = "--phase", description = "prefill|decode|train (no default)")
    String phase;

    @Option(names = "--workload", description = "workload file (sparsim/workload/v1) in place of --model, --phase, "
            + "--batch, --seq, --kv, --dtype and --sparsity; a train workload may carry a SAT ladder schedule "
            + "(default: none, the flags describe the step)")
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

    @Option(names = "--trace", description = "write the step's timeline as Chrome trace JSON (Perfetto) (default: no "
            + "trace)")
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
        if (!memory.fits()) {
            print(PredictReport.doesNotFit(profile.id(), w, memory, f));
            return;
        }
        var target = Simulator.target(profile, options, parallelism);
        Workload work = w;
        var err = spec.commandLine().getErr();
        Prediction predicted = ProgressBar.during(err, "predict", () -> Prediction.of(work, target, f));
        Prediction p = rc == Recompute.FULL && profile.kind() != Kind.WAFER
                ? new Prediction(Recomputation.full(predicted.result()), Recomputation.full(predicted.dense()))
                : predicted;
        if (!p.result().fits()) {
            // Memory fits, the mapping does not (e.g. no micro-batch's activations fit a wafer's SRAM).
            print(PredictReport.mappingDoesNotFit(profile.id(), w, memory, f, p.result()));
            return;
        }
        var run = w.schedule().map(s -> ProgressBar.during(err, "predict: SAT ladder run",
                () -> TrainingRun.of(work, s, target, f)));
        print(PredictReport.of(profile.id(), w, memory, p, f, run));
        if (trace != null) {
            AtomicFiles.write(trace, p.result().chromeTrace());
        }
    }

    private void print(PredictReport report) {
        spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(report)
                : TerminalWriter.write(report.document()));
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
}
