package io.sparsim.simulator.wafer;

import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.DoesNotFit;
import io.sparsim.simulator.memory.MemoryComponents;
import io.sparsim.simulator.memory.WeightMemory;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.Pass;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import io.sparsim.workloads.ops.OpGraph;
import java.util.Objects;

/**
 * The wafer-scale (Cerebras-style) target: a W x H mesh of PEs with local SRAM, SIMD FMAC lanes and routers, fed
 * through system I/O from external weight memory, all rates from a {@link WaferProfile}.
 *
 * <ul>
 *   <li>{@code weight-streaming} ({@link WeightStreaming}): activations stay on the wafer, weights stream in
 *       layer by layer, only nonzeros travel and compute; micro-batches sized by SRAM; training with MemoryX's
 *       optimizer and data-parallel systems ({@link TargetOptions#systems()}) behind a SwarmX tree.
 *   <li>{@code resident} ({@link Resident}): weights in SRAM, layer-pipelined inference on the systems asked
 *       for (or, for {@code --systems auto}, the fewest that hold the dense twin); capacity failures come back
 *       as {@link SimResult#doesNotFit()}.
 *   <li>{@code auto}: decode resident when the model fits the systems' SRAM, everything else streamed.
 * </ul>
 * See docs/wafer.md.
 * Random sparsity masks come from {@link TargetOptions#seed()}; the same seed gives the same result.
 */
public final class WaferTarget implements Target {
    private final WaferProfile profile;
    private final TargetOptions options;
    private final WaferMachine machine;

    public WaferTarget(WaferProfile profile, TargetOptions options) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.options = Objects.requireNonNull(options, "options");
        this.machine = new WaferMachine(profile);
        if (profile.cluster() != null && options.systems() > profile.cluster().maxSystems()) {
            throw new io.sparsim.core.BadInputException("--systems", "at most " + profile.cluster().maxSystems()
                    + " systems in one " + profile.id(), options.systems());
        }
    }

    public WaferTarget(WaferProfile profile) {
        this(profile, TargetOptions.DEFAULT);
    }

    @Override
    public String hardwareId() {
        return profile.id();
    }

    public TargetOptions options() {
        return options;
    }

    /** Dense FLOP/s of the mesh at {@code precision}: PEs x FMAC lanes x 2 x clock. */
    public double densePeakFlopsPerSecond(io.sparsim.core.Precision precision) {
        return machine.peakFlopsPerSecond(precision);
    }

    private boolean resident() {
        return TargetOptions.RESIDENT.equals(options.mode());
    }

    /** Systems a weight-streaming step runs on: as given, or one for {@code --systems auto} (MemoryX holds any model). */
    private int streamingSystems() {
        return options.autoSystems() ? 1 : options.systems();
    }

    /** One op as a step of its own (see {@link WeightStreaming#estimateAlone} and {@link Resident#estimateAlone}). */
    @Override
    public OpEstimate estimate(Op op, Fidelity fidelity) {
        MaskSampler sampler = new MaskSampler(options.seed());
        if (resident()) {
            return new Resident(machine, sampler).estimateAlone(op);
        }
        return new WeightStreaming(machine, streamingSystems(), sampler).estimateAlone(op, fidelity);
    }

    /**
     * The fewest systems that hold {@code graph} resident (weights, KV cache and activations in SRAM, replicas of a
     * layer pipeline each serving part of the batch); 0 when one layer of one sequence exceeds a wafer.
     */
    public int minimumResidentSystems(OpGraph graph) {
        return new Resident(machine, new MaskSampler(options.seed())).minimumSystems(graph);
    }

    @Override
    public SimResult run(OpGraph graph, Fidelity fidelity) {
        MaskSampler sampler = new MaskSampler(options.seed());
        Resident resident = new Resident(machine, sampler);
        if (resident()) {
            return resident.run(graph, fidelity, profile.id(), options.systems());
        }
        if (TargetOptions.AUTO.equals(options.mode()) && graph.workload().phase() instanceof Phase.Decode) {
            // Decode defaults to resident when the model fits the systems' SRAM.
            SimResult r = resident.run(graph, fidelity, profile.id(), options.systems());
            if (r.fits()) {
                return withMapping(r, "mode auto chose resident (the model fits in SRAM); ");
            }
            SimResult s = new WeightStreaming(machine, streamingSystems(), sampler).run(graph, fidelity, profile.id());
            return withMapping(s, "mode auto chose weight streaming (resident: " + r.doesNotFit().orElse("") + "); ");
        }
        SimResult s = new WeightStreaming(machine, streamingSystems(), sampler).run(graph, fidelity, profile.id());
        return options.autoSystems() ? withMapping(s, "1 system chosen by --systems auto (MemoryX holds the weights of "
                + "any model; more systems only add data-parallel speed); ") : s;
    }

    /**
     * The workload's memory in the mode {@link #run} would use: resident, the busiest system's SRAM (weights with
     * their sparse wavelet indices, KV cache, activations) against the mesh SRAM, and when it does not fit the
     * fewest systems that would hold it; weight streaming, what the external weight store (MemoryX) holds
     * (weights, and for training the gradients and Adam's fp32 master weights and moments of the kept values)
     * against its capacity. A streamed step's activations and KV cache live in SRAM, checked by the step itself.
     */
    public DeviceMemory memory(OpGraph graph) {
        Resident resident = new Resident(machine, new MaskSampler(options.seed()));
        boolean decode = graph.workload().phase() instanceof Phase.Decode;
        if (resident() || (TargetOptions.AUTO.equals(options.mode()) && decode
                && resident.holds(graph, options.systems()))) {
            return resident.memory(graph, options.systems());
        }
        return streamedMemory(graph);
    }

    private DeviceMemory streamedMemory(OpGraph graph) {
        var model = graph.workload().model();
        int b = graph.workload().precision().bytes();
        double values = ((double) model.vocab() + (2.0 * model.layers() + 1)) * model.hidden() * b;
        double metadata = 0;
        double kept = (double) model.vocab() * model.hidden() + (2.0 * model.layers() + 1) * model.hidden();
        for (var group : graph.groups()) {
            for (Op op : group.ops()) {
                if (op instanceof Gemm g && g.pass() == Pass.FORWARD && !g.name().endsWith(".recompute")) {
                    double v = (double) g.weightNonzeros() * b;
                    values += group.repeat() * v;
                    metadata += group.repeat() * Math.max(0, g.weightBytes() - v);
                    kept += group.repeat() * (double) g.weightNonzeros();
                }
            }
        }
        boolean train = graph.workload().phase() instanceof Phase.Train;
        long gradients = train ? (long) (kept * b) : 0;
        long optimizer = train ? (long) (kept * 3 * io.sparsim.core.Precision.FP32.bytes()) : 0;
        Map<String, Long> meta = metadata > 0 ? Map.of(graph.workload().sparsity().toString() + " metadata",
                (long) metadata) : Map.of();
        MemoryComponents c = new MemoryComponents(new WeightMemory((long) values, meta), 0, 0, Recompute.NONE,
                gradients, optimizer, Parallelism.ZeroStage.NONE, 0);
        long capacity = (long) profile.externalMemory().capacity().bytes();
        if (c.totalBytes() <= capacity) {
            return new DeviceMemory(c, capacity, Optional.empty());
        }
        String why = String.format(Locale.ROOT, "%s holds %.3g TB, the model's weights%s need %.3g TB; more systems "
                + "share one weight store, so only a larger one helps", profile.externalMemory().name(),
                capacity / 1e12, train ? ", gradients and optimizer state" : "", c.totalBytes() / 1e12);
        return new DeviceMemory(c, capacity, Optional.of(new DoesNotFit(why, 0)));
    }

    private static SimResult withMapping(SimResult r, String prefix) {
        return new SimResult(r.hardwareId(), r.fidelity(), r.graph(), r.groups(), prefix + r.mapping(),
                r.doesNotFit());
    }
}
