package io.sparsim.cli;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
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

    @Option(names = "--mode", defaultValue = TargetOptions.WEIGHT_STREAMING,
            description = "wafer execution: weight-streaming|resident (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--systems", defaultValue = "1", description = "systems working data-parallel (wafer scale-out)")
    int systems;

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

    @Override
    public void run() {
        if (trace != null) {
            OutputPaths.checkFile("--trace", trace);
        }
        Fidelity f = Fidelity.parse(fidelity, "--fidelity");
        Workload w;
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
            if (decode && given.hasMatchedOption("--seq")) {
                throw new BadInputException("--seq", "no sequence length for decode (its KV-cache length is --kv)",
                        seq);
            }
            Integer s = decode && !given.hasMatchedOption("--seq") ? null : seq;
            Integer k = !decode && !given.hasMatchedOption("--kv") ? null : kv;
            w = Workload.fromFlags(ModelCatalog.bundled(), model, phase, batch, s, k, dtype, sparsity);
        }
        var target = Simulator.target(ProfileRegistry.bundled().get(hw), new TargetOptions(mode, systems, seed));
        Prediction p = Prediction.of(w, target, f);
        SimResult r = p.result();
        if (r.doesNotFit().isPresent()) {
            // a configuration that cannot run gets no time, rate or bound that could read like an answer
            Map<String, Object> no = new LinkedHashMap<>();
            no.put("hw", target.hardwareId());
            no.put("model", w.model().id());
            no.put("phase", w.phase().kind());
            no.put("batch", w.phase().batch());
            no.put("fits", false);
            no.put("doesNotFit", r.doesNotFit().get());
            spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(no) : Trees.render(no));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hw", target.hardwareId());
        out.put("model", w.model().id());
        out.put("phase", w.phase().kind());
        out.put("batch", w.phase().batch());
        out.put("tokensPerStep", r.tokensPerStep());
        out.put("dtype", w.precision().id());
        out.put("sparsity", w.sparsity().toString());
        out.put("fidelity", f.id());
        out.put("secondsPerStep", r.secondsPerStep());
        out.put("tokensPerSecond", r.tokensPerSecond());
        out.put("rooflineSecondsPerStep", r.rooflineSecondsPerStep());
        out.put("flops", r.flops());
        out.put("denseFlops", p.dense().flops());
        out.put("denseSecondsPerStep", p.dense().secondsPerStep());
        out.put("speedupVsDense", p.speedupVsDense());
        out.put("flopProportionalSpeedup", p.flopProportionalSpeedup());
        out.put("boundBy", r.dominantBound().id());
        out.put("timeShareByBound", Breakdown.timeByBound(r));
        out.put("mapping", r.mapping());
        r.doesNotFit().ifPresent(why -> out.put("doesNotFit", why));
        w.schedule().ifPresent(schedule -> out.put("run", Breakdown.run(TrainingRun.of(w, schedule, target, f))));
        List<Map<String, Object>> ops = Breakdown.ops(r);
        out.put("ops", ops);
        String text = format == OutputFormat.json ? Json.write(out) : table(out, ops);
        if (trace != null) {
            AtomicFiles.write(trace, r.chromeTrace());
        }
        spec.commandLine().getOut().print(text);
    }

    private static String table(Map<String, Object> out, List<Map<String, Object>> ops) {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("hw", "model", "phase", "tokensPerStep", "dtype", "sparsity", "fidelity")) {
            sb.append(key).append(": ").append(out.get(key)).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "secondsPerStep: %.6g (roofline %.6g)%n", out.get("secondsPerStep"),
                out.get("rooflineSecondsPerStep")));
        sb.append(String.format(Locale.ROOT, "tokensPerSecond: %.6g%n", out.get("tokensPerSecond")));
        sb.append(String.format(Locale.ROOT, "speedupVsDense: %.3f (FLOP-proportional %.3f)%n",
                out.get("speedupVsDense"), out.get("flopProportionalSpeedup")));
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
