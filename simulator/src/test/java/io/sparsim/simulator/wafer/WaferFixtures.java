package io.sparsim.simulator.wafer;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.hwprofiles.Source;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Bytes;
import io.sparsim.hwprofiles.units.FlopRate;
import io.sparsim.hwprofiles.units.Frequency;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.List;
import java.util.Map;

/** Profiles, models and graphs the wafer tests share. */
final class WaferFixtures {
    private WaferFixtures() {}

    static WaferProfile wse3() {
        return (WaferProfile) ProfileRegistry.bundled().get("cerebras-wse3");
    }

    static WaferProfile wse2() {
        return (WaferProfile) ProfileRegistry.bundled().get("cerebras-wse2");
    }

    /** {@code p} cut down to a {@code width x height} mesh (everything else unchanged). */
    static WaferProfile withMesh(WaferProfile p, int width, int height) {
        return new WaferProfile(p.id() + "-" + width + "x" + height, p.name(), p.sources(),
                new WaferProfile.Mesh(width, height), p.pe(), p.clock(), p.fabric(), p.io(), p.externalMemory(),
                p.totals(), p.powerWatts(), p.efficiency());
    }

    /** {@code p} with another system I/O bandwidth. */
    static WaferProfile withIo(WaferProfile p, double bytesPerSecond) {
        return new WaferProfile(p.id() + "-io", p.name(), p.sources(), p.mesh(), p.pe(), p.clock(), p.fabric(),
                new WaferProfile.Io(new Bandwidth(bytesPerSecond), p.io().edgeChannels()), p.externalMemory(),
                p.totals(), p.powerWatts(), p.efficiency());
    }

    /**
     * A made-up wafer unlike any Cerebras part: a 96 x 64 mesh of PEs with 256 KiB SRAM, 16-wide bf16 SIMD,
     * 64-bit wavelets with 2-cycle hops, 1.5 GHz, 100 GB/s I/O over 8 channels per edge, 2 cycles per nonzero.
     * Test numbers only; nothing here describes real hardware.
     */
    static WaferProfile hypothetical() {
        return new WaferProfile("hypothetical-wafer", "Hypothetical test wafer",
                List.of(Source.estimated("all", "test fixture", "made up to exercise the model, not hardware")),
                new WaferProfile.Mesh(96, 64),
                new WaferProfile.Pe(new Bytes(256 * 1024), Map.of(Precision.BF16, 16, Precision.FP32, 8), 4, 2),
                new Frequency(1.5e9), new WaferProfile.Fabric(64, 1, 2),
                new WaferProfile.Io(new Bandwidth(100e9), 8),
                new WaferProfile.ExternalMemory("test store", new Bytes(1e14)),
                new WaferProfile.Totals(6200, new Bytes(1.7e9), new Bandwidth(1e15), new Bandwidth(1e14),
                        new FlopRate(3e15)),
                5000, new WaferProfile.Efficiency(2, 7));
    }

    /** A two-layer LLaMA-shaped model small enough for small meshes. */
    static ModelConfig tiny() {
        return new ModelConfig("tiny", "tiny test model", 2, 512, 1376, 8, 8, 2000);
    }

    static OpGraph graph(ModelConfig model, Phase phase, String sparsity) {
        SparsitySpec spec = sparsity == null ? SparsitySpec.DENSE : SparsitySpec.parse(sparsity);
        return Lowering.lower(Workload.of(model, phase, Precision.BF16, spec));
    }

    static OpGraph graph(String model, Phase phase, String sparsity) {
        return graph(ModelCatalog.bundled().get(model), phase, sparsity);
    }

    static SimResult run(WaferProfile p, OpGraph graph, Fidelity fidelity, TargetOptions options) {
        return new WaferTarget(p, options).run(graph, fidelity);
    }

    static SimResult run(WaferProfile p, OpGraph graph, Fidelity fidelity) {
        return run(p, graph, fidelity, new TargetOptions(TargetOptions.WEIGHT_STREAMING, 1, 1L));
    }

    static TargetOptions resident() {
        return resident(1);
    }

    /** Resident on {@code systems} systems ({@link TargetOptions#AUTO_SYSTEMS}: the fewest that hold it). */
    static TargetOptions resident(int systems) {
        return new TargetOptions(TargetOptions.RESIDENT, systems, 1L);
    }
}
