package io.sparsim.reports.sweep;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.reports.Progress;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.MemoryModel;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput and speedup versus sparsity over every combination of the listed machines, phases, batches,
 * lengths, precisions, sparsity patterns and wafer modes: the projection behind capacity plans.
 *
 * @param lengths    sequence lengths for prefill and train, KV-cache lengths for decode, by phase kind
 * @param patterns   swept families ({@code unstructured}, {@code block:RxC}, {@code omission}) run at every
 *                   fraction of {@code sparsities}; an N:M pattern ({@code 2:4}) has one density and runs once
 * @param modes      wafer execution modes (weight-streaming, resident, auto: decode resident when the model fits
 *                   the wafer's SRAM); machines other than wafers run once, in no mode
 * @param sparsities the swept fractions; 0 (dense) is always included as the baseline
 */
public record Sweep(List<HardwareProfile> hardware, ModelConfig model, List<String> phases, List<Integer> batches,
                    Map<String, List<Integer>> lengths, List<Precision> precisions, List<String> patterns,
                    List<Double> sparsities, List<String> modes, Fidelity fidelity, long seed) {

    /** Most points one sweep runs: beyond this a sweep takes hours; ask for fewer values. */
    public static final long MAX_POINTS = 20_000;

    public Sweep {
        hardware = List.copyOf(hardware);
        phases = List.copyOf(phases);
        batches = List.copyOf(batches);
        lengths = Map.copyOf(lengths);
        precisions = List.copyOf(precisions);
        patterns = List.copyOf(patterns);
        sparsities = List.copyOf(sparsities);
        modes = List.copyOf(modes);
        for (String p : patterns) {
            spec(p, 0.5); // fail early on a bad pattern
        }
        for (String ph : phases) {
            if (!lengths.containsKey(ph)) {
                throw new BadInputException("--phase", "phases from prefill|decode|train", ph);
            }
        }
        for (int b : batches) {
            if (b < 1) {
                throw new BadInputException("--batch", "positive batch sizes", b);
            }
        }
        lengths.forEach((ph, ls) -> ls.forEach(l -> {
            if (l < 1) {
                throw new BadInputException(ph.equals("decode") ? "--kv" : "--seq", "positive lengths", l);
            }
        }));
        for (String m : modes) {
            new TargetOptions(m, 1, seed); // fail early on a bad mode
        }
        long points = points(hardware, phases, batches, lengths, precisions, patterns, sparsities, modes);
        if (points > MAX_POINTS) {
            throw new BadInputException("sweep", "at most " + MAX_POINTS + " points (fewer values per flag)",
                    points + " points");
        }
    }

    /** Parses {@code A:B:STEP} into the fractions A, A+STEP, ... up to B (inclusive, to rounding). */
    public static List<Double> range(String text, String field) {
        String[] parts = text == null ? new String[0] : text.split(":");
        String expected = "a range A:B:STEP of sparsity fractions with 0 <= A <= B < 1 and STEP > 0, e.g. 0:0.9:0.1";
        if (parts.length != 3) {
            throw new BadInputException(field, expected, text);
        }
        double a;
        double b;
        double step;
        try {
            a = Double.parseDouble(parts[0]);
            b = Double.parseDouble(parts[1]);
            step = Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            throw new BadInputException(field, expected, text);
        }
        if (!(a >= 0 && b >= a && b < 1 && step > 0) || (b - a) / step > 1000) {
            throw new BadInputException(field, expected + " (at most 1000 steps)", text);
        }
        if ((b - a) / step > 1000) {
            // bounded before the loop: a tiny STEP would otherwise run for hours
            throw new BadInputException(field, "at most 1000 sparsity points (a larger STEP)", text);
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            double x = a + i * step;
            if (x > b + step * 1e-6) {
                break;
            }
            out.add(Math.round(x * 1e6) / 1e6);
        }
        return out;
    }

    /** True when {@code pattern} has one density of its own (N:M), so it is not swept over fractions. */
    public static boolean fixed(String pattern) {
        return pattern.matches("\\d+:\\d+");
    }

    /** The spec of {@code pattern} at {@code sparsity} (an N:M pattern ignores the fraction). */
    public static SparsitySpec spec(String pattern, double sparsity) {
        String s = fixed(pattern) ? pattern : String.format(Locale.ROOT, "%s:%s", pattern, trim(sparsity));
        if (!fixed(pattern) && sparsity == 0) {
            return SparsitySpec.DENSE;
        }
        try {
            return SparsitySpec.parse(s);
        } catch (BadInputException e) {
            throw new BadInputException("--pattern", "swept families unstructured|block:RxC|omission or an N:M "
                    + "pattern such as 2:4", pattern);
        }
    }

    /** Fraction of weights that are zero (or channels omitted) under {@code spec}, for the sparsity axis. */
    static double zeros(String pattern, double sparsity) {
        if (!fixed(pattern)) {
            return sparsity;
        }
        WeightSparsity w = spec(pattern, 0).weight(io.sparsim.workloads.model.LayerType.Q);
        return Math.round((1 - w.density()) * 1e6) / 1e6;
    }

    private static String trim(double x) {
        String s = String.format(Locale.ROOT, "%.6f", x);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** The fractions a pattern runs at: 0 first, then the swept ones (one for N:M). */
    static List<Double> fractions(String pattern, List<Double> sparsities) {
        List<Double> out = new ArrayList<>();
        out.add(0.0);
        if (fixed(pattern)) {
            out.add(zeros(pattern, 0));
        } else {
            sparsities.stream().filter(x -> x > 0).forEach(out::add);
        }
        return out;
    }

    /** How many points {@link #run} simulates (dense baselines counted once per configuration). */
    public long points() {
        return points(hardware, phases, batches, lengths, precisions, patterns, sparsities, modes);
    }

    private static long points(List<HardwareProfile> hardware, List<String> phases, List<Integer> batches,
                               Map<String, List<Integer>> lengths, List<Precision> precisions, List<String> patterns,
                               List<Double> sparsities, List<String> modes) {
        long perConfig = 1;
        for (String p : patterns) {
            perConfig += fractions(p, sparsities).size() - 1;
        }
        long configs = 0;
        for (HardwareProfile hw : hardware) {
            long modeCount = hw instanceof WaferProfile ? modes.size() : 1;
            for (String ph : phases) {
                configs += modeCount * batches.size() * lengths.get(ph).size() * precisions.size();
            }
        }
        return configs * perConfig;
    }

    /** Runs every point; {@code progress} hears one step per point. */
    public SweepReport run(Progress progress) {
        List<SweepRow> rows = new ArrayList<>();
        List<LayerTimes> layers = new ArrayList<>();
        progress.start("sweep", points());
        try {
            for (HardwareProfile hw : hardware) {
                List<String> ms = hw instanceof WaferProfile ? modes : List.of("");
                for (String mode : ms) {
                    Target target = Simulator.target(hw, new TargetOptions(mode.isEmpty()
                            ? TargetOptions.DEFAULT.mode() : mode, 1, seed));
                    for (String ph : phases) {
                        boolean first = true;
                        for (int batch : batches) {
                            for (int len : lengths.get(ph)) {
                                for (Precision p : precisions) {
                                    Phase phase = phase(ph, batch, len);
                                    runConfig(hw, mode, target, phase, p, rows, first ? layers : null, progress);
                                    first = false;
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            progress.finish();
        }
        return new SweepReport(model.id(), fidelity.id(), patterns, rows, layers);
    }

    private void runConfig(HardwareProfile hw, String mode, Target target, Phase phase, Precision p,
                           List<SweepRow> rows, List<LayerTimes> layers, Progress progress) {
        String hwId = hw.id();
        String where = hwId + (mode.isEmpty() ? "" : " " + mode) + " " + phase.kind() + " batch " + phase.batch()
                + " " + p.id();
        SimResult dense = Simulator.run(Lowering.lower(Workload.of(model, phase, p, SparsitySpec.DENSE)), target,
                fidelity);
        progress.step(where + " dense");
        if (layers != null) {
            layers.add(LayerTimes.of(hwId, mode, phase.kind(), "dense", 0, dense));
        }
        for (String pattern : patterns) {
            SimResult last = dense;
            double lastX = 0;
            for (double x : fractions(pattern, sparsities)) {
                // A point that does not fit one device's memory is reported as such, never as a rate (a wafer's
                // target checks its own SRAM and MemoryX in the simulation).
                Workload w = Workload.of(model, phase, p, x > 0 ? spec(pattern, x) : SparsitySpec.DENSE);
                if (!(hw instanceof WaferProfile)) {
                    DeviceMemory mem = MemoryModel.check(w, Parallelism.NONE, Recompute.NONE, hw);
                    if (!mem.fits()) {
                        rows.add(SweepRow.missing(hwId, mode, phase, p.id(), pattern, x, w,
                                dense.flops() / Lowering.lower(w).flops(), mem.doesNotFit().orElseThrow().reason()));
                        continue;
                    }
                }
                SimResult r = dense;
                if (x > 0) {
                    r = Simulator.run(Lowering.lower(w), target, fidelity);
                    progress.step(where + " " + pattern + " " + trim(x));
                }
                rows.add(SweepRow.of(hwId, mode, phase, p.id(), pattern, x, r, dense));
                last = r;
                lastX = x;
            }
            if (layers != null && lastX > 0) {
                layers.add(LayerTimes.of(hwId, mode, phase.kind(), pattern, lastX, last));
            }
        }
    }

    static Phase phase(String kind, int batch, int length) {
        return switch (kind) {
            case "prefill" -> new Phase.Prefill(batch, length);
            case "decode" -> new Phase.Decode(batch, length);
            case "train" -> new Phase.Train(batch, length);
            default -> throw new BadInputException("--phase", "phases from prefill|decode|train", kind);
        };
    }

    /**
     * Time per op of one step, all repeats, and each op's bound: the per-layer bottleneck picture of one
     * configuration (the first batch, length and precision of a machine, mode and phase).
     */
    public record LayerTimes(String hw, String mode, String phase, String pattern, double sparsity,
                             List<OpTime> ops) {
        public LayerTimes {
            ops = List.copyOf(ops);
        }

        /** Seconds per step of {@code op} (all repeats) and the bound that sets it. */
        public record OpTime(String op, double seconds, String boundBy) {}

        static LayerTimes of(String hw, String mode, String phase, String pattern, double sparsity, SimResult r) {
            Map<String, OpTime> byOp = new LinkedHashMap<>();
            for (GroupEstimate g : r.groups()) {
                for (OpEstimate e : g.ops()) {
                    byOp.merge(e.op().name(), new OpTime(e.op().name(), e.seconds() * g.repeat(), e.bound().id()),
                            (a, b) -> new OpTime(a.op(), a.seconds() + b.seconds(),
                                    a.seconds() >= b.seconds() ? a.boundBy() : b.boundBy()));
                }
            }
            return new LayerTimes(hw, mode, phase, pattern, sparsity, new ArrayList<>(byOp.values()));
        }
    }
}
