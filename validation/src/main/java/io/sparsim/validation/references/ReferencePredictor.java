package io.sparsim.validation.references;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Predicts each published figure through the code {@code op gemm} and {@code predict} run: a GEMM through the
 * target's {@code estimate}, a model step through {@link Prediction}, a served request as its prefill plus its
 * decode steps.
 */
public final class ReferencePredictor {
    /** The dense kernel a GEMM speedup is measured against on GPUs (the runtime's dense path). */
    private static final String GPU_DENSE = "cublas-dense";

    private final Function<String, HardwareProfile> profiles;
    private final ModelCatalog models;

    /** A predictor that looks profiles up with {@code profiles} (the bundled registry, or fitted ones). */
    public ReferencePredictor(Function<String, HardwareProfile> profiles, ModelCatalog models) {
        this.profiles = profiles;
        this.models = models;
    }

    /** Sparsim's figure for {@code r} in {@code r.metric()}'s unit, or why it has none. */
    public ReferenceResult predict(Reference r) {
        HardwareProfile profile = profiles.apply(r.hardware());
        // A run that held its clock runs its SM-clocked math at that clock, not at the sustained one.
        HardwareProfile hw = r.clock().isPresent() && profile instanceof io.sparsim.hwprofiles.GpuProfile g
                ? g.heldAt(r.clock().get().held()) : profile;
        try {
            if (r.workload() instanceof ReferenceWorkload.GemmCase g) {
                return gemm(r, hw, g);
            }
            if (r.workload() instanceof ReferenceWorkload.Step s) {
                return step(r, hw, s);
            }
            return request(r, hw, (ReferenceWorkload.Request) r.workload());
        } catch (BadInputException e) {
            throw e.under(r.id());
        }
    }

    private ReferenceResult gemm(Reference r, HardwareProfile hw, ReferenceWorkload.GemmCase g) {
        Target target = Simulator.target(hw);
        Precision p = Precision.parse(g.dtype(), "dtype");
        WeightSparsity w = SparsitySpec.parse(g.sparsity()).weight(LayerType.Q);
        OpEstimate e = target.estimate(Gemm.forward(r.id(), LayerType.Q, g.m(), g.n(), g.k(), p, w), Fidelity.FAST);
        KernelTime k = g.kernel().map(name -> kernel(e, name, r)).orElse(e.chosen());
        double flops = 2.0 * g.m() * g.n() * g.k();
        String detail = k.kernel() + ", " + k.boundLabel();
        return switch (r.metric()) {
            case SECONDS -> ReferenceResult.of(r, k.seconds(), detail);
            case FLOPS_PER_SECOND -> ReferenceResult.of(r, flops / k.seconds(), detail);
            case SPEEDUP -> {
                OpEstimate dense = target.estimate(Gemm.forward(r.id(), LayerType.Q, g.m(), g.n(), g.k(), p,
                        WeightSparsity.DENSE), Fidelity.FAST);
                KernelTime d = dense.alternatives().stream().filter(x -> x.kernel().equals(GPU_DENSE)).findFirst()
                        .orElse(dense.chosen());
                yield ReferenceResult.of(r, d.seconds() / k.seconds(), detail + " vs " + d.kernel());
            }
            case TOKENS_PER_SECOND -> throw new BadInputException("metric",
                    "seconds, flopsPerSecond or speedup for a GEMM", r.metric().id());
        };
    }

    private static KernelTime kernel(OpEstimate e, String name, Reference r) {
        return e.alternatives().stream().filter(k -> k.kernel().equals(name)).findFirst().orElseThrow(() ->
                new BadInputException("workload.gemm.kernel", "a kernel the " + r.hardware() + " model has for this "
                        + "GEMM (" + String.join(", ", e.alternatives().stream().map(KernelTime::kernel).toList())
                        + ")", name));
    }

    private ReferenceResult step(Reference r, HardwareProfile hw, ReferenceWorkload.Step s) {
        Target target = Simulator.target(hw, new TargetOptions(s.mode(), s.systems(), 1L), s.parallel());
        Workload w = Workload.fromFlags(models, s.model(), s.phase(), s.batch(), s.seq().orElse(null),
                s.kv().orElse(null), s.dtype(), s.sparsity());
        Prediction p = Prediction.of(w, target, Fidelity.FAST);
        SimResult res = p.result();
        if (!res.fits()) {
            return ReferenceResult.doesNotFit(r, res.doesNotFit().orElseThrow());
        }
        String detail = res.dominantBound().id() + "-bound, " + res.mapping();
        return switch (r.metric()) {
            case SECONDS -> ReferenceResult.of(r, res.secondsPerStep(), detail);
            case TOKENS_PER_SECOND -> ReferenceResult.of(r, res.tokensPerSecond(), detail);
            // Per device, as model FLOP utilisation is quoted: the step's useful FLOPs over its time and devices.
            case FLOPS_PER_SECOND -> ReferenceResult.of(r, res.flops() / res.secondsPerStep()
                    / s.parallel().devices(), detail);
            case SPEEDUP -> {
                double base = p.dense().secondsPerStep();
                if (s.baselineDtype().isPresent()) {
                    Workload b = Workload.fromFlags(models, s.model(), s.phase(), s.batch(), s.seq().orElse(null),
                            s.kv().orElse(null), s.baselineDtype().get(), "dense");
                    base = Simulator.run(io.sparsim.workloads.ops.Lowering.lower(b), target, Fidelity.FAST)
                            .secondsPerStep();
                }
                yield ReferenceResult.of(r, base / res.secondsPerStep(), detail);
            }
        };
    }

    private ReferenceResult request(Reference r, HardwareProfile hw, ReferenceWorkload.Request q) {
        Target target = Simulator.target(hw, TargetOptions.DEFAULT, q.parallel());
        SimResult prefill = Prediction.of(Workload.fromFlags(models, q.model(), "prefill", q.batch(), q.input(), null,
                q.dtype(), q.sparsity()), target, Fidelity.FAST).result();
        // Decode steps attend input+1 .. input+output positions; their cost is linear in the KV length, so the
        // step at the mean length times the step count is their sum.
        int meanKv = q.input() + (q.output() + 1) / 2;
        SimResult decode = Prediction.of(Workload.fromFlags(models, q.model(), "decode", q.batch(), null, meanKv,
                q.dtype(), q.sparsity()), target, Fidelity.FAST).result();
        for (SimResult s : List.of(prefill, decode)) {
            if (!s.fits()) {
                return ReferenceResult.doesNotFit(r, s.doesNotFit().orElseThrow());
            }
        }
        double seconds = prefill.secondsPerStep() + q.output() * decode.secondsPerStep();
        String detail = String.format(java.util.Locale.ROOT, "prefill %.3g s + %d decode steps of %.3g s (%s-bound)",
                prefill.secondsPerStep(), q.output(), decode.secondsPerStep(), decode.dominantBound().id());
        return switch (r.metric()) {
            case SECONDS -> ReferenceResult.of(r, seconds, detail);
            case TOKENS_PER_SECOND -> ReferenceResult.of(r, (double) q.batch() * q.output() / seconds, detail);
            default -> throw new BadInputException("metric", "seconds or tokensPerSecond for a request",
                    r.metric().id());
        };
    }

    /** Every entry's result, in order. */
    public List<ReferenceResult> predictAll(List<Reference> refs) {
        return refs.stream().map(this::predict).toList();
    }

    /** Entries of {@code group} (all when empty). */
    public static List<Reference> select(List<Reference> refs, Optional<Reference.Group> group) {
        return refs.stream().filter(r -> group.isEmpty() || r.group() == group.get()).toList();
    }
}
