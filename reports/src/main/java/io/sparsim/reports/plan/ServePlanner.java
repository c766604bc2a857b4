package io.sparsim.reports.plan;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.reports.Progress;
import io.sparsim.reports.predict.MemoryReport;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.MemoryModel;
import io.sparsim.simulator.parallel.Fabric;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Plans serving: for each hardware option and sparsity, searches the replica (tensor parallelism on GPUs, systems
 * on a wafer) and the continuous-batching decode batch, and reports the cheapest configuration that meets the
 * SLOs and the rate, or without a rate the highest throughput per device within the SLOs.
 *
 * <p>Steady state of one replica decoding {@code batch} sequences: every step emits one token per sequence;
 * {@code batch / output} sequences finish per step on average and are replaced, each needing one prefill of
 * {@code input} tokens, interleaved between decode steps. So the time per output token is one decode step (at
 * the mean context, input + output / 2) plus {@code batch / output} prefills, and a new request's first token
 * waits for the running step and then its own prefill. The KV cache at the longest context (input + output)
 * per sequence bounds the batch.
 *
 * @param tpotSeconds SLO on time per output token; empty: none
 * @param ttftSeconds SLO on time to first token; empty: none
 * @param rate        output tokens per second to serve; empty: maximise throughput per device
 */
public record ServePlanner(ModelConfig model, List<Machine> machines, List<SparsitySpec> sparsities,
                           Precision precision, int input, int output, Optional<Double> rate,
                           Optional<Double> tpotSeconds, Optional<Double> ttftSeconds, long seed) {
    /** Largest decode batch searched: beyond it continuous batching gains nothing on any bundled machine. */
    static final int MAX_BATCH = 1024;
    /** Largest tensor-parallel degree and wafer replica searched. */
    static final int MAX_GROUP = 64;

    public ServePlanner {
        machines = List.copyOf(machines);
        sparsities = List.copyOf(sparsities);
        if (input < 1 || output < 1) {
            throw new BadInputException(input < 1 ? "--input" : "--output", "a positive number of tokens",
                    input < 1 ? input : output);
        }
        rate.ifPresent(r -> positive("--rate", r));
        tpotSeconds.ifPresent(t -> positive("--tpot-ms", t * 1e3));
        ttftSeconds.ifPresent(t -> positive("--ttft-ms", t * 1e3));
    }

    private static void positive(String flag, double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new BadInputException(flag, "a positive number", x);
        }
    }

    public ServePlan plan(Progress progress, String priceNote) {
        List<Job> jobs = new ArrayList<>();
        for (Machine m : machines) {
            for (SparsitySpec s : sparsities) {
                jobs.add(new Job(m, s, new ArrayList<>(), new long[1]));
            }
        }
        progress.start("plan serve", jobs.size());
        List<ServeOption> options;
        try {
            // Options are independent and the simulator is deterministic and immutable: run them on every core,
            // collect in the order asked.
            options = jobs.parallelStream().map(j -> {
                ServeOption o = option(j.machine(), j.spec(), j.points(), j.evaluated());
                synchronized (progress) {
                    progress.step(j.machine().id() + " " + j.spec());
                }
                return o;
            }).toList();
        } finally {
            progress.finish();
        }
        List<ServePoint> points = jobs.stream().flatMap(j -> j.points().stream()).toList();
        long evaluated = jobs.stream().mapToLong(j -> j.evaluated()[0]).sum();
        return new ServePlan(model.id(), rate.orElse(null), input, output, tpotSeconds.orElse(null),
                ttftSeconds.orElse(null), priceNote, options, points, evaluated);
    }

    /** One hardware option and sparsity to plan, with what its search collects. */
    private record Job(Machine machine, SparsitySpec spec, List<ServePoint> points, long[] evaluated) {}

    /** One replica shape: tp GPUs, or n wafer systems, or one CPU socket. */
    private record Shape(int tp, int systems, Target target, Parallelism parallelism) {
        int devices() {
            return tp * systems;
        }
    }

    /** A replica at one batch, evaluated. */
    private record Eval(Shape shape, int batch, double tpot, double ttft, DeviceMemory memory) {
        double perReplica() {
            return batch / tpot;
        }

        double perDevice() {
            return perReplica() / shape.devices();
        }
    }

    private ServeOption option(Machine m, SparsitySpec s, List<ServePoint> points, long[] evaluated) {
        List<String> misses = new ArrayList<>();
        List<Eval> feasible = new ArrayList<>();
        Eval fastest = null;
        for (Shape shape : shapes(m, s, misses, evaluated)) {
            double prefill = seconds(shape, s, new Phase.Prefill(1, input), evaluated);
            if (Double.isNaN(prefill)) {
                misses.add(label(m, shape) + ": the prefill does not fit");
                continue;
            }
            int maxBatch = maxBatch(m, shape, s);
            if (maxBatch == 0) {
                misses.add(label(m, shape) + ": the weights and one sequence's KV cache do not fit");
                continue;
            }
            for (int b : batches(maxBatch)) {
                double step = seconds(shape, s, new Phase.Decode(b, input + output / 2), evaluated);
                if (Double.isNaN(step)) {
                    break;
                }
                double tpot = step + (double) b / output * prefill;
                double ttft = prefill + step;
                Eval e = new Eval(shape, b, tpot, ttft, m.wafer() ? null
                        : MemoryModel.check(decode(s, b, input + output), shape.parallelism(), Recompute.NONE,
                        m.profile()));
                boolean ok = tpotSeconds.map(t -> tpot <= t).orElse(true) && ttftSeconds.map(t -> ttft <= t)
                        .orElse(true);
                points.add(new ServePoint(m.id(), s.toString(), shape.devices(), b, tpot, ttft, e.perDevice(), ok));
                if (fastest == null || tpot < fastest.tpot()) {
                    fastest = e;
                }
                if (ok) {
                    feasible.add(e);
                } else if (tpotSeconds.map(t -> tpot > t).orElse(false)) {
                    break; // a larger batch only lengthens the step
                }
            }
        }
        if (feasible.isEmpty()) {
            return ServeOption.infeasible(m.id(), s.toString(), precision.id(), whyNot(fastest, misses));
        }
        Eval best = feasible.stream().min(rank(m)).orElseThrow();
        int replicas = rate.map(r -> (int) Math.ceil(r / best.perReplica())).orElse(1);
        int devices = replicas * best.shape().devices();
        double tokens = replicas * best.perReplica();
        double watts = devices * m.power().busyWatts();
        Double cost = m.dollarsPerDeviceHour().map(p -> p * devices).orElse(null);
        return new ServeOption(m.id(), s.toString(), precision.id(), devices, best.shape().tp(), 1,
                m.wafer() ? best.shape().systems() : null, replicas, best.batch(), tokens, tokens / devices,
                best.ttft(), best.tpot(), best.memory() == null ? null : MemoryReport.of(best.memory()), watts,
                m.power().basis(), watts / tokens, cost, cost == null ? null : cost / (tokens * 3600) * 1e6, true,
                null);
    }

    /** With a rate: fewest dollars (or devices) for it; without: most tokens per second per device. */
    private Comparator<Eval> rank(Machine m) {
        if (rate.isEmpty()) {
            return Comparator.comparingDouble(e -> -e.perDevice());
        }
        double r = rate.get();
        return Comparator.<Eval>comparingDouble(e -> Math.ceil(r / e.perReplica()) * e.shape().devices())
                .thenComparingDouble(e -> -e.perDevice());
    }

    private String whyNot(Eval fastest, List<String> misses) {
        if (fastest == null) {
            return misses.isEmpty() ? "no configuration runs" : String.join("; ", misses);
        }
        List<String> slo = new ArrayList<>();
        tpotSeconds.filter(t -> fastest.tpot() > t).ifPresent(t -> slo.add(String.format(java.util.Locale.ROOT,
                "time per output token is at least %s (batch 1 on %d device(s)), above the %s SLO",
                io.sparsim.reports.units.Units.seconds(fastest.tpot()), fastest.shape().devices(),
                io.sparsim.reports.units.Units.seconds(t))));
        ttftSeconds.filter(t -> fastest.ttft() > t).ifPresent(t -> slo.add(String.format(java.util.Locale.ROOT,
                "time to first token is at least %s, above the %s SLO",
                io.sparsim.reports.units.Units.seconds(fastest.ttft()), io.sparsim.reports.units.Units.seconds(t))));
        if (slo.isEmpty()) {
            slo.add("no batch meets both SLOs together");
        }
        return String.join("; ", slo);
    }

    private String label(Machine m, Shape shape) {
        return m.wafer() ? shape.systems() + " system(s)" : "tp " + shape.tp();
    }

    /** Replica shapes: tensor-parallel degrees that divide the heads on GPUs, systems on wafers, one CPU. */
    private List<Shape> shapes(Machine m, SparsitySpec s, List<String> misses, long[] evaluated) {
        List<Shape> out = new ArrayList<>();
        if (m.wafer()) {
            // The fewest systems whose one-sequence decode step meets the TPOT SLO (mode auto: resident once the
            // model fits their SRAM), and twice that; more systems only add replicas, which the rate decides.
            for (int n = 1; n <= MAX_GROUP && out.size() < 2; n *= 2) {
                Target t = Simulator.target(m.profile(), new TargetOptions(TargetOptions.AUTO, n, seed));
                Shape shape = new Shape(1, n, t, Parallelism.NONE);
                if (!out.isEmpty()) {
                    out.add(shape);
                    break;
                }
                double step = seconds(shape, s, new Phase.Decode(1, input + output / 2), evaluated);
                if (!Double.isNaN(step) && tpotSeconds.map(x -> step <= x).orElse(true)) {
                    out.add(shape);
                } else {
                    misses.add(n + " system(s): " + (Double.isNaN(step) ? "does not fit"
                            : "one sequence's decode step takes " + io.sparsim.reports.units.Units.seconds(step)));
                }
            }
            return out;
        }
        if (!m.multiDevice()) {
            out.add(new Shape(1, 1, Simulator.target(m.profile()), Parallelism.NONE));
            return out;
        }
        for (int tp = 1; tp <= MAX_GROUP; tp *= 2) {
            if (model.heads() % tp != 0 || model.kvHeads() % Math.min(tp, model.kvHeads()) != 0) {
                continue;
            }
            Parallelism p = new Parallelism(tp, 1, 1, Parallelism.ZeroStage.NONE, 0);
            if (tp > 1) {
                try {
                    Fabric.of(m.profile(), p);
                } catch (BadInputException e) {
                    break; // the node holds no more devices
                }
            }
            DeviceMemory one = MemoryModel.check(decode(s, 1, input + output), p, Recompute.NONE, m.profile());
            if (!one.fits()) {
                misses.add("tp " + tp + ": " + one.doesNotFit().orElseThrow().reason());
                continue;
            }
            out.add(new Shape(tp, 1, Simulator.target(m.profile(), TargetOptions.DEFAULT, p), p));
        }
        return out;
    }

    /** The largest batch whose KV cache at the longest context fits beside the weights (wafer: the search cap). */
    private int maxBatch(Machine m, Shape shape, SparsitySpec s) {
        if (m.wafer()) {
            return MAX_BATCH;
        }
        int lo = 0;
        int hi = MAX_BATCH;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (MemoryModel.check(decode(s, mid, input + output), shape.parallelism(), Recompute.NONE, m.profile())
                    .fits()) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Powers of two up to {@code max}, and {@code max} itself. */
    static List<Integer> batches(int max) {
        List<Integer> out = new ArrayList<>();
        for (int b = 1; b < max; b *= 2) {
            out.add(b);
        }
        out.add(max);
        return out;
    }

    private Workload decode(SparsitySpec s, int batch, int kv) {
        return Workload.of(model, new Phase.Decode(batch, kv), precision, s);
    }

    /** Seconds of one step of {@code phase}; NaN when the target cannot map it. */
    private double seconds(Shape shape, SparsitySpec s, Phase phase, long[] evaluated) {
        evaluated[0]++;
        SimResult r = Simulator.run(Lowering.lower(Workload.of(model, phase, precision, s)), shape.target(),
                Fidelity.FAST);
        return r.fits() ? r.secondsPerStep() : Double.NaN;
    }
}
