package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import org.junit.jupiter.api.Test;

/** The CS-3 cluster profile: MemoryX and SwarmX rates, a 1:4 broadcast-reduce tree, the cluster's size. */
class ClusterProfileTest {
    private static WaferProfile cluster() {
        return (WaferProfile) ProfileRegistry.bundled().get("cerebras-cs3-cluster");
    }

    private static SimResult train(WaferProfile p, int systems) {
        var graph = WaferFixtures.graph("llama2-7b", new Phase.Train(64 * systems, 2048), "unstructured:0.7");
        return WaferFixtures.run(p, graph, Fidelity.FAST,
                new TargetOptions(TargetOptions.WEIGHT_STREAMING, systems, 1L));
    }

    @Test
    void clusterExtendsTheSystemWithCitedRates() {
        WaferProfile p = cluster();
        assertEquals(WaferFixtures.wse3().mesh(), p.mesh(), "each system is a CS-3");
        assertEquals(150e9, p.cluster().swarmXBandwidth().bytesPerSecond(), 1);
        assertEquals(4, p.cluster().swarmXFanOut());
        assertTrue(!p.sourcesFor("cluster.memoryXBandwidth").isEmpty()
                && !p.sourcesFor("cluster.swarmXFanOut").isEmpty());
        assertEquals(null, WaferFixtures.wse3().cluster(), "a system on its own has no cluster");
    }

    @Test
    void aFourWayTreeIsShallowerThanABinaryOne() {
        WaferMachine alone = new WaferMachine(WaferFixtures.wse3());
        WaferMachine inCluster = new WaferMachine(cluster());
        assertEquals(6, alone.treeLevels(64));
        assertEquals(3, inCluster.treeLevels(64));
        assertEquals(0, inCluster.treeLevels(1));
        SimResult binary = train(WaferFixtures.wse3(), 64);
        SimResult fourWay = train(cluster(), 64);
        assertTrue(fourWay.mapping().contains("SwarmX tree of depth 3"), fourWay.mapping());
        assertTrue(fourWay.secondsPerStep() < binary.secondsPerStep(), "fewer store-and-forward levels: "
                + fourWay.secondsPerStep() + " vs " + binary.secondsPerStep());
        // Data parallel: 64 systems with 64 times the batch take about one system's step.
        assertTrue(fourWay.secondsPerStep() <= 1.01 * train(cluster(), 1).secondsPerStep());
    }

    @Test
    void noMoreSystemsThanTheClusterHolds() {
        BadInputException e = assertThrows(BadInputException.class, () -> new WaferTarget(cluster(),
                new TargetOptions(TargetOptions.WEIGHT_STREAMING, 4096, 1L)));
        assertTrue(e.getMessage().startsWith("--systems: expected at most 2048 systems in one cerebras-cs3-cluster"),
                e.getMessage());
    }
}
