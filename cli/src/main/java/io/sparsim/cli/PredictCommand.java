package io.sparsim.cli;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.io.AtomicFiles;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
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

    @Option(names = "--hw", required = true, description = "profile id or file")
    String hw;

    @Option(names = "--model", required = true, description = "model id, see 'sparsim models list'")
    String model;

    @Option(names = "--phase", required = true, description = "prefill|decode|train")
    String phase;

    @Option(names = "--batch", defaultValue = "1", description = "sequences per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq", description = "sequence length (prefill, train)")
    Integer seq;

    @Option(names = "--kv", description = "KV-cache length attended by the new token (decode)")
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
        Fidelity f = Fidelity.parse(fidelity, "--fidelity");
        Flags.sparsity(sparsity);
        Workload w = Workload.fromFlags(ModelCatalog.bundled(), model, phase, batch, seq, kv, dtype, sparsity);
        var target = Simulator.target(ProfileRegistry.bundled().get(hw));
        Prediction p = Prediction.of(w, target, f);
        SimResult r = p.result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hw", target.hardwareId());
        out.put("model", w.model().id());
        out.put("phase", w.phase().kind());
        out.put("batch", batch);
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
        out.put("boundBy", Breakdown.dominantBound(r));
        out.put("timeShareByBound", Breakdown.timeByBound(r));
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
        sb.append("boundBy: ").append(out.get("boundBy")).append(' ').append(out.get("timeShareByBound")).append("\n\n");
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
