package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.GemmShape;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGroup;
import io.sparsim.workloads.ops.Pass;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * No simulated time beats its roofline floor (useful FLOPs at the mesh's dense peak; streamed bytes at the I/O
 * peak), and less density never costs time: per op over random shapes, and per training step.
 */
class RooflineMonotoneTest {
    private static final double[] SPARSITIES = {0, 0.3, 0.5, 0.7, 0.9, 0.95};

    @Test
    void opsNeverBeatTheFloorAndNeverSlowDownWithSparsity() {
        List<WaferProfile> profiles = List.of(WaferFixtures.wse3(), WaferFixtures.wse2(), WaferFixtures.hypothetical());
        Random rnd = new Random(20261124L);
        for (int trial = 0; trial < 36; trial++) {
            WaferProfile p = profiles.get(trial % profiles.size());
            Target t = new WaferTarget(p);
            long tokens = 1L << rnd.nextInt(16);
            long in = 256 + rnd.nextInt(8192);
            long out = 256 + rnd.nextInt(8192);
            Pass pass = Pass.values()[rnd.nextInt(3)];
            GemmShape shape = switch (pass) {
                case FORWARD -> new GemmShape(tokens, out, in);
                case DGRAD -> new GemmShape(tokens, in, out);
                case WGRAD -> new GemmShape(in, out, tokens);
            };
            DoubleFunction<WeightSparsity> pattern = rnd.nextBoolean()
                    ? s -> s == 0 ? WeightSparsity.DENSE : new WeightSparsity.Unstructured(s)
                    : s -> s == 0 ? WeightSparsity.DENSE : new WeightSparsity.Block(16, 16, s);
            // DETAILED on the small wafer only: on a full mesh it is the slow path the acceptance test times.
            Fidelity f = p.mesh().pes() < 10_000 && trial % 2 == 0 ? Fidelity.DETAILED : Fidelity.FAST;
            double previous = Double.POSITIVE_INFINITY;
            for (double s : SPARSITIES) {
                Gemm g = new Gemm("g", LayerType.GATE, pass, shape, shape, Precision.BF16, pattern.apply(s));
                OpEstimate e = t.estimate(g, f);
                String where = p.id() + " " + pass + " " + shape + " " + g.sparsity() + " " + f.id();
                double peakFloor = g.flops() / (p.mesh().pes() * p.fmacLanes(Precision.BF16) * 2.0 * p.clock().hertz());
                assertTrue(e.rooflineSeconds() >= peakFloor * (1 - 1e-12), where + ": floor below FLOPs / peak");
                assertTrue(e.seconds() >= e.rooflineSeconds(), where + ": " + e.seconds() + " < floor "
                        + e.rooflineSeconds());
                // DETAILED replays the chosen mapping; allow its engine rounding.
                double slack = f == Fidelity.DETAILED ? 0.03 : 1e-9;
                assertTrue(e.seconds() <= previous * (1 + slack), where + ": time grew as density fell: "
                        + e.seconds() + " > " + previous);
                previous = e.seconds();
            }
        }
    }

    @Test
    void stepNeverBeatsTheFloorAndNeverSlowsDownWithSparsity() {
        WaferProfile p = WaferFixtures.wse3();
        double previous = Double.POSITIVE_INFINITY;
        for (double s : SPARSITIES) {
            var graph = WaferFixtures.graph("llama2-7b", new Phase.Train(64, 4096),
                    s == 0 ? null : "unstructured:" + s);
            SimResult r = WaferFixtures.run(p, graph, Fidelity.FAST);
            assertTrue(r.fits(), r.doesNotFit().orElse(""));
            double peak = p.mesh().pes() * p.fmacLanes(Precision.BF16) * 2.0 * p.clock().hertz();
            // Every linear weight streams in at least once per step (compressed), and every op is timed.
            double streamed = 0;
            for (OpGroup g : graph.groups()) {
                for (Op op : g.ops()) {
                    if (op instanceof Gemm gm && gm.pass() == Pass.FORWARD) {
                        streamed += g.repeat() * (double) gm.weightBytes();
                    }
                }
            }
            double floor = Math.max(graph.flops() / peak, streamed / p.io().bandwidth().bytesPerSecond());
            assertTrue(r.secondsPerStep() >= floor, s + ": step " + r.secondsPerStep() + " < floor " + floor);
            for (GroupEstimate g : r.groups()) {
                for (OpEstimate e : g.ops()) {
                    assertTrue(e.seconds() >= e.rooflineSeconds(), g.name() + "/" + e.op().name() + " below floor");
                }
            }
            assertTrue(r.secondsPerStep() <= previous * (1 + 1e-9), s + ": step grew as density fell");
            previous = r.secondsPerStep();
        }
    }
}
