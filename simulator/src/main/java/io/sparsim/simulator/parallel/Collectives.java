package io.sparsim.simulator.parallel;

import io.sparsim.hwprofiles.Interconnect;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.Link;
import io.sparsim.simulator.engine.Task;
import io.sparsim.workloads.ops.Collective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NCCL-style collectives: ring and tree algorithms, low-latency (LL) and bandwidth (Simple) protocols; the
 * runtime takes the fastest, as NCCL's tuner does. Each is played on the engine as its steps over one rank's
 * link ({@link Link}: bytes at the bus rate plus the per-step latency), after NCCL's fixed launch latency.
 *
 * <p>NCCL's own cost model (src/graph/tuning.cc) is the source of the software constants below: base latency
 * 3.6 us (ring LL), 8.4 us (ring Simple), 4.4 us (tree); LL carries 4 bytes of flag per 4 bytes of data and runs
 * at a quarter of the bus bandwidth for all-reduce; the tree reaches 0.9 of the bus bandwidth and moves each
 * byte up and down (algorithm bandwidth half the bus bandwidth). The link rates, bus efficiencies and per-step
 * latencies come from the hardware profiles.
 */
public final class Collectives {
    private static final double RING_LL_BASE_SECONDS = 3.6e-6;
    private static final double RING_SIMPLE_BASE_SECONDS = 8.4e-6;
    private static final double TREE_BASE_SECONDS = 4.4e-6;
    private static final double LL_BANDWIDTH_FRACTION = 0.25;
    private static final double TREE_BANDWIDTH_FRACTION = 0.9;

    private Collectives() {}

    /** The estimate of {@code c} among ranks {@code stride} apart on {@code fabric}. */
    public static OpEstimate estimate(Collective c, Fabric fabric, int stride) {
        int n = c.ranks();
        int nodes = fabric.nodesSpanned(n, stride);
        Interconnect up = fabric.scaleUp();
        Interconnect out = nodes > 1 ? fabric.scaleOut() : up;
        double busBytesPerSecond = Math.min(up.busBytesPerSecond(), out.busBytesPerSecond());
        double lineBytesPerSecond = Math.min(up.bandwidth().bytesPerSecond(), out.bandwidth().bytesPerSecond());
        int steps = switch (c.kind()) {
            case ALL_REDUCE -> 2 * (n - 1);
            case ALL_GATHER, REDUCE_SCATTER -> n - 1;
            case SEND_RECV -> 1;
        };
        int interSteps = nodes <= 1 ? 0 : switch (c.kind()) {
            case ALL_REDUCE -> 2 * (nodes - 1);
            case ALL_GATHER, REDUCE_SCATTER -> nodes - 1;
            case SEND_RECV -> 1;
        };
        double stepLatency = ((steps - interSteps) * up.stepLatency().seconds()
                + interSteps * out.stepLatency().seconds()) / steps;
        // Bytes one rank puts on its link per step.
        double chunk = c.kind() == Collective.Kind.SEND_RECV ? c.bytes() : c.bytes() / n;
        List<KernelTime> kernels = new ArrayList<>();
        String where = nodes > 1 ? nodes + " nodes over " + out.name() : up.name();
        kernels.add(ring("nccl-ring-simple", RING_SIMPLE_BASE_SECONDS, steps, chunk, busBytesPerSecond,
                stepLatency, c, where));
        double llRate = busBytesPerSecond * (c.kind() == Collective.Kind.SEND_RECV ? 0.5 : LL_BANDWIDTH_FRACTION);
        kernels.add(ring("nccl-ring-ll", RING_LL_BASE_SECONDS, steps, chunk, llRate, stepLatency, c, where));
        if (c.kind() == Collective.Kind.ALL_REDUCE && nodes > 1) {
            int ranksPerNode = Math.max(1, n / nodes);
            double latency = TREE_BASE_SECONDS + 2 * ((ranksPerNode - 1) * up.stepLatency().seconds()
                    + log2(nodes) * out.stepLatency().seconds());
            double rate = busBytesPerSecond * TREE_BANDWIDTH_FRACTION / 2;
            double seconds = latency + c.bytes() / rate;
            kernels.add(new KernelTime("nccl-tree", seconds, c.bytes(), Bound.INTERCONNECT, String.format(Locale.ROOT,
                    "tree over %d ranks on %s, %.3g us latency", n, where, latency * 1e6)));
        }
        double roofline = c.minBytes() / lineBytesPerSecond;
        return OpEstimate.fastest(c, roofline, kernels);
    }

    /** A ring's steps played on the engine: one rank's link carries {@code chunk} bytes per step. */
    private static KernelTime ring(String kernel, double baseSeconds, int steps, double chunk, double bytesPerSecond,
                                   double stepLatency, Collective c, String where) {
        EngineBuilder b = new EngineBuilder();
        b.addResource(new Link("link", bytesPerSecond, stepLatency));
        b.addTask(Task.builder("launch").fixedSeconds(baseSeconds).build());
        String previous = "launch";
        for (int s = 0; s < steps; s++) {
            String id = "step" + s;
            b.addTask(Task.builder(id).demand("link", chunk).after(previous).build());
            previous = id;
        }
        double seconds = b.build().run().makespanSeconds();
        return new KernelTime(kernel, seconds, chunk * steps, Bound.INTERCONNECT, String.format(Locale.ROOT,
                "%s %s of %.3g MB over %d ranks on %s: %d steps at %.3g GB/s", kernel, c.kind().id(), c.bytes() / 1e6,
                c.ranks(), where, steps, bytesPerSecond / 1e9));
    }

    private static int log2(int n) {
        return 31 - Integer.numberOfLeadingZeros(Math.max(1, n));
    }
}
