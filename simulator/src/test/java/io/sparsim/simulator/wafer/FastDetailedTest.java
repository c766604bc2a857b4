package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.GemmShape;
import io.sparsim.workloads.ops.Pass;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FAST (closed-form pipeline with the sampled slowest column) against DETAILED (every column and chunk on the
 * engine) on small meshes: within 3%, for single ops (their own I/O pipeline) and whole steps (I/O overlapped
 * across a layer's ops).
 */
class FastDetailedTest {
    private static final double TOLERANCE = 0.03;

    private static List<WaferProfile> smallMeshes() {
        return List.of(WaferFixtures.withMesh(WaferFixtures.wse3(), 16, 12),
                WaferFixtures.withMesh(WaferFixtures.wse2(), 40, 30), WaferFixtures.hypothetical());
    }

    @Test
    void singleGemmsAgree() {
        for (WaferProfile p : smallMeshes()) {
            Target t = new WaferTarget(p);
            for (WeightSparsity s : List.of(WeightSparsity.DENSE, new WeightSparsity.Unstructured(0.5),
                    new WeightSparsity.Unstructured(0.9), new WeightSparsity.Block(8, 8, 0.75))) {
                for (Pass pass : Pass.values()) {
                    GemmShape shape = switch (pass) {
                        case FORWARD -> new GemmShape(2048, 1024, 512);
                        case DGRAD -> new GemmShape(2048, 512, 1024);
                        case WGRAD -> new GemmShape(512, 1024, 2048);
                    };
                    Gemm g = new Gemm("g", LayerType.UP, pass, shape, shape, Precision.BF16, s);
                    OpEstimate fast = t.estimate(g, Fidelity.FAST);
                    OpEstimate detailed = t.estimate(g, Fidelity.DETAILED);
                    assertEquals(fast.seconds(), detailed.seconds(), TOLERANCE * detailed.seconds(),
                            p.id() + " " + pass + " " + s + ": fast " + fast.seconds() + " detailed "
                                    + detailed.seconds() + " (" + fast.chosen().detail() + ")");
                }
            }
        }
    }

    @Test
    void wholeStepsAgree() {
        WaferProfile mesh = WaferFixtures.withMesh(WaferFixtures.wse3(), 32, 24);
        // With a 50x slower I/O every layer waits for its weights: the I/O-bound case of the group pipeline.
        WaferProfile slowIo = WaferFixtures.withIo(mesh, mesh.io().bandwidth().bytesPerSecond() / 50);
        for (WaferProfile p : List.of(mesh, slowIo)) {
            wholeStepsAgree(p);
        }
    }

    private static void wholeStepsAgree(WaferProfile p) {
        for (String sparsity : new String[] {null, "unstructured:0.7"}) {
            for (Phase phase : List.of(new Phase.Train(8, 256), new Phase.Prefill(4, 256))) {
                var graph = WaferFixtures.graph(WaferFixtures.tiny(), phase, sparsity);
                SimResult fast = WaferFixtures.run(p, graph, Fidelity.FAST);
                SimResult detailed = WaferFixtures.run(p, graph, Fidelity.DETAILED);
                assertTrue(fast.fits() && detailed.fits(), fast.doesNotFit().orElse(""));
                assertEquals(fast.mapping(), detailed.mapping(), "the mapping is chosen by the closed form");
                assertEquals(fast.secondsPerStep(), detailed.secondsPerStep(), TOLERANCE * detailed.secondsPerStep(),
                        p.id() + " " + phase + " " + sparsity);
            }
        }
    }
}
