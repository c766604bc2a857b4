package io.sparsim.simulator.wafer;

import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.ops.Op;
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
 *   <li>{@code resident} ({@link Resident}): weights in SRAM, layer-pipelined inference on as many systems as
 *       the model needs; capacity failures come back as {@link SimResult#doesNotFit()}.
 * </ul>
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

    /** One op as a step of its own (see {@link WeightStreaming#estimateAlone} and {@link Resident#estimateAlone}). */
    @Override
    public OpEstimate estimate(Op op, Fidelity fidelity) {
        MaskSampler sampler = new MaskSampler(options.seed());
        if (resident()) {
            return new Resident(machine, sampler).estimateAlone(op);
        }
        return new WeightStreaming(machine, options.systems(), sampler).estimateAlone(op, fidelity);
    }

    @Override
    public SimResult run(OpGraph graph, Fidelity fidelity) {
        MaskSampler sampler = new MaskSampler(options.seed());
        if (resident()) {
            return new Resident(machine, sampler).run(graph, fidelity, profile.id());
        }
        return new WeightStreaming(machine, options.systems(), sampler).run(graph, fidelity, profile.id());
    }
}
