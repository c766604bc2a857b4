package io.sparsim.cli;

import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.MemoryModel;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.core.files.AtomicFiles;
import io.sparsim.core.files.OutputPaths;
import io.sparsim.reports.sweep.Sweep;
import io.sparsim.reports.sweep.SweepRow;
import io.sparsim.reports.text.Json;
import io.sparsim.reports.text.TableText;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
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
import tech.tablesaw.api.Table;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Throughput and speedup versus sparsity per machine and phase; writes CSV, JSON and Markdown.")
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

    @Option(names = "--batch", defaultValue = Flags.BATCH, description = "sequences per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--seq", defaultValue = Flags.SEQ, description = "sequence length, prefill and train (default ${DEFAULT-VALUE})")
    int seq;

    @Option(names = "--kv", defaultValue = Flags.KV, description = "KV-cache length, decode (default ${DEFAULT-VALUE})")
    int kv;

    @Option(names = "--dtype", defaultValue = "bf16", description = "precision (default ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--pattern", defaultValue = "unstructured",
            description = "swept family: unstructured|block:RxC|omission (default ${DEFAULT-VALUE})")
    String pattern;

    @Option(names = "--sparsity-range", defaultValue = "0:0.9:0.1", description = "A:B:STEP (default ${DEFAULT-VALUE})")
    String range;

    @Option(names = "--fidelity", defaultValue = "fast", description = "fast|detailed (default ${DEFAULT-VALUE})")
    String fidelity;

    @Option(names = "--mode", defaultValue = TargetOptions.AUTO,
            description = "wafer execution: weight-streaming|resident|auto (default ${DEFAULT-VALUE}: decode resident "
                    + "when the model fits the wafer's SRAM)")
    String mode;

    @Option(names = "--out", defaultValue = "sparsim-out/sweep", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public void run() {
        OutputPaths.checkFolder("--out", out);
        List<Double> sparsities = Sweep.range(range, "--sparsity-range");
        Fidelity f = Fidelity.parse(fidelity, "--fidelity");
        Precision p = Precision.parse(dtype, "--dtype");
        ModelConfig m = ModelCatalog.bundled().get(model);
        ProfileRegistry registry = ProfileRegistry.bundled();
        List<HardwareProfile> profiles = new ArrayList<>();
        for (String id : hw) {
            profiles.add(registry.get(id));
        }
        List<Phase> ps = new ArrayList<>();
        for (String ph : phases) {
            ps.add(phase(ph));
        }
        long points = (long) profiles.size() * ps.size() * sparsities.size();
        if (points > Flags.MAX_SWEEP_POINTS) {
            throw new BadInputException("--sparsity-range", "at most " + Flags.MAX_SWEEP_POINTS + " points in all ("
                    + profiles.size() + " profiles x " + ps.size() + " phases x sparsities; use a larger STEP)",
                    range + " (" + points + " points)");
        }
        String swept = "phases " + String.join(",", phases);
        Applicability.require(spec, "--kv", ps.stream().anyMatch(x -> x instanceof Phase.Decode), "phase decode",
                swept);
        Applicability.require(spec, "--seq", ps.stream().anyMatch(x -> !(x instanceof Phase.Decode)),
                "phases prefill and train", swept);
        Sweep sweep = new Sweep(profiles, m, ps, p, pattern, sparsities, f, new TargetOptions(mode, 1, 1L));
        var err = spec.commandLine().getErr();
        List<SweepRow> all = sweep.run(line -> err.println(line));
        // A point that does not fit one device is reported as such, never as a rate.
        List<SweepRow> rows = new ArrayList<>();
        List<Map<String, Object>> doesNotFit = new ArrayList<>();
        for (SweepRow row : all) {
            HardwareProfile hwp = profiles.stream().filter(x -> x.id().equals(row.hw())).findFirst().orElseThrow();
            Phase phase = ps.stream().filter(x -> x.kind().equals(row.phase())).findFirst().orElseThrow();
            DeviceMemory mem = MemoryModel.check(Workload.of(m, phase, p, SparsitySpec.parse(row.spec())),
                    Parallelism.NONE, Recompute.NONE, hwp);
            if (mem.fits()) {
                rows.add(row);
            } else {
                Map<String, Object> miss = new LinkedHashMap<>();
                miss.put("hw", row.hw());
                miss.put("phase", row.phase());
                miss.put("sparsity", row.sparsity());
                miss.put("memory", MemorySection.memory(mem));
                miss.put("doesNotFit", MemorySection.doesNotFit(mem.doesNotFit().orElseThrow()));
                doesNotFit.add(miss);
            }
        }
        Table table = Sweep.table(rows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", m.id());
        json.put("dtype", p.id());
        json.put("pattern", pattern);
        json.put("batch", batch);
        json.put("seq", seq);
        json.put("kv", kv);
        json.put("fidelity", f.id());
        json.put("mode", mode);
        json.put("rows", rows);
        json.put("doesNotFit", doesNotFit);
        String title = "# Sparsity sweep: " + m.id() + ", " + p.id() + ", " + pattern + "\n\n"
                + "batch " + batch + ", seq " + seq + " (prefill/train), kv " + kv + " (decode); speedups against "
                + "the same machine and phase run dense; flopSpeedup = dense FLOPs / useful FLOPs.\n\n";
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sweep.csv", TableText.csv(table));
        files.put("sweep.json", Json.write(json));
        files.put("sweep.md", title + TableText.markdown(table));
        AtomicFiles.writeAll(out, files);
        spec.commandLine().getOut().print(TableText.terminal(table));
        for (Map<String, Object> miss : doesNotFit) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) miss.get("doesNotFit");
            spec.commandLine().getOut().println(miss.get("hw") + " " + miss.get("phase") + " sparsity "
                    + miss.get("sparsity") + ": does not fit: " + d.get("reason") + " (minDevices " + d.get("minDevices")
                    + ")");
        }
        err.println("sweep: wrote " + out.resolve("sweep.csv") + ", sweep.json, sweep.md");
    }

    private Phase phase(String kind) {
        return switch (kind) {
            case "prefill" -> new Phase.Prefill(batch, seq);
            case "decode" -> new Phase.Decode(batch, kv);
            case "train" -> new Phase.Train(batch, seq);
            default -> throw new BadInputException("--phase", "phases from prefill|decode|train", kind);
        };
    }
}
