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
import io.sparsim.workloads.OmissionSchedule;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.sparsity.Omission;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans training: for each hardware option and sparsity, the devices (GPUs or wafer systems), the tensor and
 * pipeline degrees and the ZeRO stage that fit in memory, and either the fewest devices that finish within the
 * days given or the fastest split of a fixed device count.
 *
 * <p>GPUs: tensor degrees within a node that divide the heads, pipeline stages 1 to 8 with micro-batches of one
 * sequence, ZeRO-1 (or ZeRO-3 when that is what fits) over the data-parallel replicas; the step of the whole
 * global batch is simulated on all devices (collectives included). Wafers: weight streaming on N systems,
 * data-parallel. Data-parallel degrees and system counts are searched over powers of two.
 *
 * @param globalBatch sequences per optimizer step; empty: about 4M tokens (LLaMA-2's batch), rounded up
 * @param ladder      a SAT omission schedule: its rungs' shares of the steps are applied to this run's steps
 */
public record TrainPlanner(ModelConfig model, List<Machine> machines, List<SparsitySpec> sparsities,
                           Precision precision, double tokens, Optional<Double> days, Optional<Integer> devices,
                           int seq, Optional<Integer> globalBatch, Optional<OmissionSchedule> ladder, long seed) {
    /** LLaMA-2's batch: 4M tokens per step (Touvron et al. 2023, section 2.2). */
    static final double DEFAULT_BATCH_TOKENS = 4e6;
    /** Most devices searched: 2^16 GPUs or systems. */
    static final int MAX_DEVICES = 1 << 16;

    public TrainPlanner {
        machines = List.copyOf(machines);
        sparsities = List.copyOf(sparsities);
        if (!(tokens >= 1) || Double.isInfinite(tokens) || tokens > 1e16) {
            throw new BadInputException("--tokens", "a positive token count up to 1e16, e.g. 150e9", tokens);
        }
        if (seq < 1) {
            throw new BadInputException("--seq", "a positive sequence length", seq);
        }
        days.ifPresent(d -> {
            if (!(d > 0) || d > 36_500) {
                throw new BadInputException("--days", "a positive number of days", d);
            }
        });
        devices.ifPresent(n -> {
            if (n < 1 || n > MAX_DEVICES) {
                throw new BadInputException("--devices", "1 to " + MAX_DEVICES + " devices", n);
            }
        });
        globalBatch.ifPresent(b -> {
            if (b < 1) {
                throw new BadInputException("--global-batch", "a positive number of sequences", b);
            }
        });
    }

    /** The global batch: as given, or the power of two of sequences nearest above 4M tokens. */
    int batch() {
        return globalBatch.orElse(Integer.highestOneBit((int) Math.ceil(DEFAULT_BATCH_TOKENS / seq) - 1) << 1);
    }

    long steps() {
        return (long) Math.ceil(tokens / ((double) batch() * seq));
    }

    public TrainPlan plan(Progress progress, String priceNote) {
        List<TrainOption> options = new ArrayList<>();
        long[] evaluated = {0};
        progress.start("plan train", (long) machines.size() * sparsities.size());
        try {
            for (Machine m : machines) {
                for (SparsitySpec s : sparsities) {
                    options.add(option(m, s, evaluated));
                    progress.step(m.id() + " " + s);
                }
            }
        } finally {
            progress.finish();
        }
        return new TrainPlan(model.id(), model.parameters(), tokens, seq, days.orElse(null), devices.orElse(null),
                ladder.map(TrainPlanner::describe).orElse(null), priceNote, options, evaluated[0]);
    }

    /** A candidate split and its simulated step. */
    private record Eval(Parallelism p, int devices, double stepSeconds, DeviceMemory memory) {}

    private TrainOption option(Machine m, SparsitySpec s, long[] evaluated) {
        List<String> misses = new ArrayList<>();
        Eval best = null;
        for (Parallelism shape : shapes(m, s, misses)) {
            Eval e = devices.isPresent() ? fixed(m, s, shape, devices.get(), evaluated, misses)
                    : fewest(m, s, shape, evaluated, misses);
            if (e != null && (best == null || better(e, best))) {
                best = e;
            }
        }
        if (best == null) {
            return TrainOption.infeasible(m.id(), s.toString(), precision.id(), misses.isEmpty()
                    ? "no configuration runs" : misses.get(misses.size() - 1));
        }
        Eval chosen = best;
        double step = ladderStep(m, s, chosen, evaluated);
        long steps = steps();
        double seconds = step * steps;
        double peak = m.densePeakFlopsPerSecond(precision);
        Workload w = train(s, best.p());
        double flops = Lowering.lower(w).flops();
        double dense = Lowering.lower(Workload.of(model, w.phase(), precision, SparsitySpec.DENSE)).flops();
        double usefulFlops = ladder.isPresent() ? flops * step / best.stepSeconds() : flops;
        double watts = best.devices() * m.power().busyWatts();
        Double perHour = m.dollarsPerDeviceHour().map(p -> p * chosen.devices()).orElse(null);
        return new TrainOption(m.id(), s.toString(), precision.id(), best.devices(), best.p().tp(), best.p().pp(),
                best.p().dp(), best.p().zero().stage(), batch(), steps, step, seconds / 86_400,
                dense / (step * best.devices() * peak), Math.min(usefulFlops, flops) / (step * best.devices() * peak),
                peak, flops, dense, best.memory() == null ? null : MemoryReport.of(best.memory()), watts,
                m.power().basis(), watts * seconds / 3.6e9, perHour, perHour == null ? null : perHour * seconds / 3600,
                true, null);
    }

    /** Fewer devices first; among equals the faster step. */
    private boolean better(Eval a, Eval b) {
        if (devices.isPresent() || a.devices() == b.devices()) {
            return a.stepSeconds() < b.stepSeconds();
        }
        return a.devices() < b.devices();
    }

    /** Tensor x pipeline shapes (dp = 1) whose ZeRO stage is the lowest that could fit; wafers: one shape. */
    private List<Parallelism> shapes(Machine m, SparsitySpec s, List<String> misses) {
        if (!m.multiDevice()) {
            return List.of(Parallelism.NONE);
        }
        List<Parallelism> out = new ArrayList<>();
        for (int tp = 1; tp <= 8; tp *= 2) {
            if (model.heads() % tp != 0) {
                continue;
            }
            for (int pp = 1; pp <= 8 && pp <= model.layers(); pp *= 2) {
                Parallelism p = new Parallelism(tp, pp, 1, Parallelism.ZeroStage.of(1), pp > 1 ? 1 : 0);
                try {
                    Fabric.of(m.profile(), p);
                } catch (BadInputException e) {
                    continue;
                }
                out.add(p);
            }
        }
        return out;
    }

    /** The split {@code shape} at {@code dp}, with the lowest ZeRO stage that fits; null when none does. */
    private Eval eval(Machine m, SparsitySpec s, Parallelism shape, int dp, long[] evaluated, List<String> misses) {
        int replicaDevices = shape.tp() * shape.pp();
        if (m.wafer()) {
            Target t = Simulator.target(m.profile(), new TargetOptions(TargetOptions.WEIGHT_STREAMING, dp, seed));
            SimResult r = run(train(s, Parallelism.NONE), t, evaluated);
            if (!r.fits()) {
                misses.add(dp + " system(s): " + r.doesNotFit().orElse("does not fit"));
                return null;
            }
            return new Eval(new Parallelism(1, 1, dp, Parallelism.ZeroStage.NONE, 0), dp, r.secondsPerStep(), null);
        }
        if (!m.multiDevice()) {
            if (dp > 1) {
                return null;
            }
            DeviceMemory mem = MemoryModel.check(train(s, Parallelism.NONE), Parallelism.NONE, Recompute.NONE,
                    m.profile());
            if (!mem.fits()) {
                misses.add(mem.doesNotFit().orElseThrow().reason());
                return null;
            }
            SimResult r = run(train(s, Parallelism.NONE), Simulator.target(m.profile()), evaluated);
            return new Eval(Parallelism.NONE, 1, r.secondsPerStep(), mem);
        }
        if (batch() % dp != 0 || batch() / dp < 1) {
            return null;
        }
        for (int zero : new int[] {1, 3}) {
            for (Recompute rc : List.of(Recompute.NONE, Recompute.parse("full", "recompute"))) {
                Parallelism p = new Parallelism(shape.tp(), shape.pp(), dp, Parallelism.ZeroStage.of(zero),
                        shape.microBatch());
                try {
                    Fabric.of(m.profile(), p);
                } catch (BadInputException e) {
                    misses.add(e.getMessage());
                    return null;
                }
                Workload w = train(s, p);
                DeviceMemory mem = MemoryModel.check(w, p, rc, m.profile());
                if (!mem.fits()) {
                    if (zero == 3 && rc != Recompute.NONE) {
                        misses.add("tp " + shape.tp() + " pp " + shape.pp() + " dp " + dp + ": "
                                + mem.doesNotFit().orElseThrow().reason());
                    }
                    continue;
                }
                SimResult r = run(w, Simulator.target(m.profile(), TargetOptions.DEFAULT, p), evaluated);
                return r.fits() ? new Eval(p, replicaDevices * dp, r.secondsPerStep(), mem) : null;
            }
        }
        return null;
    }

    private Eval fixed(Machine m, SparsitySpec s, Parallelism shape, int n, long[] evaluated, List<String> misses) {
        int replica = shape.tp() * shape.pp();
        if (n % replica != 0) {
            return null;
        }
        return eval(m, s, shape, n / replica, evaluated, misses);
    }

    /** The fewest data-parallel replicas (a power of two) that finish within the days, by bisection. */
    private Eval fewest(Machine m, SparsitySpec s, Parallelism shape, long[] evaluated, List<String> misses) {
        double budget = days.orElseThrow() * 86_400;
        int replica = shape.tp() * shape.pp();
        int maxExp = 0;
        while ((replica << (maxExp + 1)) <= MAX_DEVICES && (1 << (maxExp + 1)) <= batch()
                && joinable(m, shape, 1 << (maxExp + 1))) {
            maxExp++;
        }
        Eval top = eval(m, s, shape, 1 << maxExp, evaluated, misses);
        if (top == null || top.stepSeconds() * steps() > budget) {
            if (top != null) {
                misses.add(String.format(java.util.Locale.ROOT, "even %d devices need %.1f days", top.devices(),
                        top.stepSeconds() * steps() / 86_400));
            }
            return null;
        }
        int lo = -1;
        int hi = maxExp;
        Eval found = top;
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            Eval e = eval(m, s, shape, 1 << mid, evaluated, misses);
            if (e != null && e.stepSeconds() * steps() <= budget) {
                hi = mid;
                found = e;
            } else {
                lo = mid;
            }
        }
        return found;
    }

    /** True when the profile can join {@code dp} replicas of {@code shape} (wafers: any number of systems). */
    private static boolean joinable(Machine m, Parallelism shape, int dp) {
        if (!m.multiDevice()) {
            return m.wafer();
        }
        try {
            Fabric.of(m.profile(), new Parallelism(shape.tp(), shape.pp(), dp, shape.zero(), shape.microBatch()));
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    /** The mean step over the SAT ladder's rungs (weighted by their share of the steps), or the step itself. */
    private double ladderStep(Machine m, SparsitySpec s, Eval best, long[] evaluated) {
        if (ladder.isEmpty()) {
            return best.stepSeconds();
        }
        OmissionSchedule sched = ladder.get();
        Target t = m.wafer()
                ? Simulator.target(m.profile(), new TargetOptions(TargetOptions.WEIGHT_STREAMING, best.devices(), seed))
                : m.multiDevice() ? Simulator.target(m.profile(), TargetOptions.DEFAULT, best.p())
                : Simulator.target(m.profile());
        double total = 0;
        long from = 0;
        for (OmissionSchedule.Step st : sched.steps()) {
            Workload w = Workload.of(model, train(s, best.p()).phase(), precision,
                    s.withOmission(new Omission(st.rate())));
            total += (st.untilStep() - from) * run(w, t, evaluated).secondsPerStep();
            from = st.untilStep();
        }
        total += (sched.totalSteps() - from) * best.stepSeconds();
        return total / sched.totalSteps();
    }

    private static String describe(OmissionSchedule s) {
        StringBuilder sb = new StringBuilder();
        long from = 0;
        for (OmissionSchedule.Step st : s.steps()) {
            sb.append(sb.length() > 0 ? ", " : "").append(String.format(java.util.Locale.ROOT,
                    "omission %.2f for %.0f%% of steps", st.rate(), 100.0 * (st.untilStep() - from) / s.totalSteps()));
            from = st.untilStep();
        }
        return sb.toString();
    }

    private Workload train(SparsitySpec s, Parallelism p) {
        return Workload.of(model, new Phase.Train(batch(), seq), precision, s);
    }

    private static SimResult run(Workload w, Target t, long[] evaluated) {
        evaluated[0]++;
        return Simulator.run(Lowering.lower(w), t, Fidelity.FAST);
    }
}
