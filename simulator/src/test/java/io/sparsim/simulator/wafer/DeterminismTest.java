package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed is the only source of randomness: same seed, same numbers; another seed, another sampled mask. */
class DeterminismTest {

    private static List<Double> opSeconds(SimResult r) {
        List<Double> out = new ArrayList<>();
        for (GroupEstimate g : r.groups()) {
            for (OpEstimate e : g.ops()) {
                out.add(e.seconds());
            }
        }
        return out;
    }

    private static SimResult run(String sparsity, long seed, Fidelity f) {
        WaferProfile p = WaferFixtures.withMesh(WaferFixtures.wse3(), 32, 24);
        var graph = WaferFixtures.graph(WaferFixtures.tiny(), new Phase.Train(8, 256), sparsity);
        return WaferFixtures.run(p, graph, f, new TargetOptions(TargetOptions.WEIGHT_STREAMING, 1, seed));
    }

    @Test
    void sameSeedSameResult() {
        for (Fidelity f : Fidelity.values()) {
            SimResult a = run("unstructured:0.8", 5, f);
            SimResult b = run("unstructured:0.8", 5, f);
            assertEquals(opSeconds(a), opSeconds(b), f.id());
            assertEquals(a.mapping(), b.mapping());
        }
    }

    @Test
    void otherSeedOtherMaskButDenseUnchanged() {
        assertNotEquals(opSeconds(run("unstructured:0.8", 5, Fidelity.FAST)),
                opSeconds(run("unstructured:0.8", 6, Fidelity.FAST)), "the sampled imbalance depends on the seed");
        assertEquals(opSeconds(run(null, 5, Fidelity.FAST)), opSeconds(run(null, 6, Fidelity.FAST)),
                "a dense weight has no mask to sample");
    }
}
