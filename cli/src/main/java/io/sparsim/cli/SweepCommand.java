package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.chart.SweepCharts;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.reports.sweep.Sweep;
import io.sparsim.reports.sweep.SweepReport;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.write.CsvWriter;
import io.sparsim.reports.write.MarkdownWriter;
import io.sparsim.reports.write.ReportFiles;
import io.sparsim.reports.write.TerminalWriter;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Throughput and speedup versus sparsity over lists of machines, phases, batches, lengths, "
                + "precisions, patterns and wafer modes; writes CSV, JSON and Markdown (and an HTML report).")
final class SweepCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--hw", split = ",", defaultValue = "cerebras-wse3,nvidia-h100-sxm5-80gb,amd-epyc-9654",
            description = "profile ids or files, comma-separated (default ${DEFAULT-VALUE})")
    List<String> hw;

    @Option(names = "--model", defaultValue = "llama2-7b", description = "model id (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--phase", split = ",", defaultValue = "prefill,decode,train",
            description = "phases, comma-separated (default ${DEFAULT-VALUE})")
    List<String> phases;

    @Option(names = "--batch", split = ",", defaultValue = Flags.BATCH,
            description = "sequences per step, comma-separated (default ${DEFAULT-VALUE})")
    List<Integer> batch;

    @Option(names = "--seq", split = ",", defaultValue = Flags.SEQ,
            description = "sequence lengths, prefill and train, comma-separated (default ${DEFAULT-VALUE})")
    List<Integer> seq;

    @Option(names = "--kv", split = ",", defaultValue = Flags.KV,
            description = "KV-cache lengths, decode, comma-separated (default ${DEFAULT-VALUE})")
    List<Integer> kv;

    @Option(names = "--dtype", split = ",", defaultValue = "bf16",
            description = "precisions, comma-separated (default ${DEFAULT-VALUE})")
    List<String> dtype;

    @Option(names = "--pattern", split = ",", defaultValue = "unstructured",
            description = "sparsity patterns, comma-separated: unstructured|block:RxC|omission swept over "
                    + "--sparsity-range, or N:M such as 2:4 at its own density (default ${DEFAULT-VALUE})")
    List<String> pattern;

    @Option(names = "--sparsity-range", defaultValue = "0:0.9:0.1", description = "A:B:STEP (default ${DEFAULT-VALUE})")
    String range;

    @Option(names = "--mode", split = ",", defaultValue = TargetOptions.AUTO,
            description = "wafer execution modes, comma-separated: weight-streaming|resident|auto (auto: decode "
                    + "resident when the model fits the wafer's SRAM); other machines run once (default "
                    + "${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--fidelity", defaultValue = "fast", description = "fast|detailed (default ${DEFAULT-VALUE})")
    String fidelity;

    @Option(names = "--seed", defaultValue = "1", description = "seed of sampled sparsity masks (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "sparsim-out/sweep", description = "output folder for sweep.csv, "
            + "sweep.json and sweep.md (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--report", description = "also write an offline HTML report with charts (and its CSV and JSON) "
            + "into this folder (default: no report)")
    Path report;

    @Option(names = "--format", defaultValue = "table", description = "stdout: table|json (default ${DEFAULT-VALUE})")
    OutputFormat format;

    @Override
    public void run() {
        OutputPaths.checkFolder("--out", out);
        if (report != null) {
            OutputPaths.checkFolder("--report", report);
        }
        Sweep sweep = sweep();
        if (sweep.points() > Flags.MAX_SWEEP_POINTS) {
            // bounded before any work: a sweep of many thousand simulations is minutes to hours
            throw new BadInputException("--sparsity-range", "at most " + Flags.MAX_SWEEP_POINTS
                    + " simulations in all (profiles x phases x lists x sparsities; fewer values or a larger STEP)",
                    range + " (" + sweep.points() + " simulations)");
        }
        var err = spec.commandLine().getErr();
        SweepReport result = sweep.run(ProgressBar.on(err));
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sweep.csv", CsvWriter.write(result.grid()));
        files.put("sweep.json", Json.write(result));
        files.put("sweep.md", MarkdownWriter.write(result.document(List.of())));
        AtomicFiles.writeAll(out, files);
        if (report != null) {
            ReportFiles.write(report, "sweep", result, result.document(SweepCharts.of(result)));
        }
        spec.commandLine().getOut().print(format == OutputFormat.json ? Json.write(result)
                : TerminalWriter.write(result.document(List.of())));
        err.println("sweep: wrote " + out.resolve("sweep.csv") + ", sweep.json, sweep.md"
                + (report == null ? "" : "; report " + report.resolve("sweep.html")));
    }

    Sweep sweep() {
        List<Double> sparsities = Sweep.range(range, "--sparsity-range");
        Fidelity f = Fidelity.parse(fidelity, "--fidelity");
        List<Precision> ps = new ArrayList<>();
        for (String d : dtype) {
            ps.add(Precision.parse(d, "--dtype"));
        }
        ModelConfig m = ModelCatalog.bundled().get(model);
        ProfileRegistry registry = ProfileRegistry.bundled();
        List<HardwareProfile> profiles = new ArrayList<>();
        for (String id : hw) {
            profiles.add(registry.get(id));
        }
        Map<String, List<Integer>> lengths = new LinkedHashMap<>();
        for (String ph : phases) {
            switch (ph) {
                case "prefill", "train" -> lengths.put(ph, seq);
                case "decode" -> lengths.put(ph, kv);
                default -> throw new BadInputException("--phase", "phases from prefill|decode|train", ph);
            }
        }
        String swept = "phases " + String.join(",", phases);
        Applicability.require(spec, "--kv", phases.contains("decode"), "phase decode", swept);
        Applicability.require(spec, "--seq", phases.contains("prefill") || phases.contains("train"),
                "phases prefill and train", swept);
        return new Sweep(profiles, m, phases, batch, lengths, ps, pattern, sparsities, modes, f, seed);
    }
}
