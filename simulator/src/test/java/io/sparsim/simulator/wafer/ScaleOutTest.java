package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import org.junit.jupiter.api.Test;

/** Data-parallel systems behind a SwarmX tree, and registration of the target. */
class ScaleOutTest {

    private static SimResult run(int batch, int systems) {
        var graph = WaferFixtures.graph("llama2-7b", new Phase.Train(batch, 4096), "unstructured:0.7");
        return WaferFixtures.run(WaferFixtures.wse3(), graph, Fidelity.FAST,
                new TargetOptions(TargetOptions.WEIGHT_STREAMING, systems, 1L));
    }

    @Test
    void systemsShareTheBatchAndPayForTheTree() {
        SimResult one = run(64, 1);
        SimResult four = run(256, 4);
        // Same sequences per system: the same work, plus the tree's store-and-forward levels.
        assertTrue(four.secondsPerStep() >= one.secondsPerStep(), "the SwarmX tree is not free");
        assertTrue(four.secondsPerStep() <= 1.05 * one.secondsPerStep(),
                "the tree costs a few chunks per stream, not a second copy: " + four.secondsPerStep() + " vs "
                        + one.secondsPerStep());
        assertTrue(four.mapping().contains("SwarmX tree of depth 2"), four.mapping());
        SimResult fourSameBatch = run(64, 4);
        assertTrue(fourSameBatch.secondsPerStep() < 0.35 * one.secondsPerStep(), "four systems, a quarter each");
    }

    @Test
    void simulatorRegistersTheWaferTarget() {
        TargetOptions options = new TargetOptions(TargetOptions.RESIDENT, 2, 9L);
        Target t = Simulator.target(ProfileRegistry.bundled().get("cerebras-wse3"), options);
        assertTrue(t instanceof WaferTarget w && w.options().equals(options) && t.hardwareId().equals("cerebras-wse3"));
    }
}
