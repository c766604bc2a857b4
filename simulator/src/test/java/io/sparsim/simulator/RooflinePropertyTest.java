package io.sparsim.simulator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Kind;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Over random shapes, sparsities and GPU/CPU profiles: the simulated time never beats the roofline floor,
 * and for a fixed format it never grows as density falls (the runtime picks the fastest kernel, dense
 * included, so a format's overhead can only make sparsity not help).
 */
class RooflinePropertyTest {
    private static final List<HardwareProfile> PROFILES = ProfileRegistry.bundled().ids().stream()
            .map(id -> ProfileRegistry.bundled().get(id))
            .filter(p -> p.kind() != Kind.WAFER).toList();

    @Test
    void simulatedNeverBelowRooflineAndMonotoneInDensity() {
        Random rnd = new Random(20261123L);
        for (int trial = 0; trial < 300; trial++) {
            HardwareProfile hw = PROFILES.get(rnd.nextInt(PROFILES.size()));
            Target target = Simulator.target(hw);
            long m = 1L << rnd.nextInt(14);
            long n = 64 + rnd.nextInt(16384);
            long k = 64 + rnd.nextInt(16384);
            Precision p = hw.kind() == Kind.GPU ? Precision.BF16 : Precision.FP32;
            Fidelity f = trial % 10 == 0 ? Fidelity.DETAILED : Fidelity.FAST;
            int family = rnd.nextInt(3);
            DoubleFunction<WeightSparsity> pattern = switch (family) {
                case 0 -> s -> s == 0 ? WeightSparsity.DENSE : new WeightSparsity.Unstructured(s);
                case 1 -> s -> s == 0 ? WeightSparsity.DENSE : new WeightSparsity.Block(16, 16, s);
                default -> s -> s == 0 ? WeightSparsity.DENSE : new WeightSparsity.NM(2, 4);
            };
            double previous = Double.POSITIVE_INFINITY;
            for (double s : new double[] {0, 0.3, 0.5, 0.7, 0.9, 0.95}) {
                Gemm g = Gemm.forward("g", LayerType.Q, m, n, k, p, pattern.apply(s));
                OpEstimate e = target.estimate(g, f);
                String where = hw.id() + " m" + m + " n" + n + " k" + k + " " + g.sparsity() + " " + f;
                assertTrue(e.seconds() >= e.rooflineSeconds(), where + ": " + e.seconds() + " < roofline "
                        + e.rooflineSeconds());
                assertTrue(e.seconds() <= previous * (1 + 1e-9), where + ": time grew as density fell: "
                        + e.seconds() + " > " + previous);
                previous = e.seconds();
            }
        }
    }
}
