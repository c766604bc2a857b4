package io.sparsim.simulator;

import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.Task;
import io.sparsim.workloads.ops.OpGraph;
import java.util.List;

/** A simulated step of a workload on one machine: per group and op, the chosen kernel, time and bound. */
public record SimResult(String hardwareId, Fidelity fidelity, OpGraph graph, List<GroupEstimate> groups) {
    public SimResult {
        groups = List.copyOf(groups);
    }

    /** Seconds for one step: a prefill of the batch, one decoded token per sequence, or one training step. */
    public double secondsPerStep() {
        return groups.stream().mapToDouble(GroupEstimate::seconds).sum();
    }

    public double rooflineSecondsPerStep() {
        return groups.stream().mapToDouble(GroupEstimate::rooflineSeconds).sum();
    }

    /** Tokens one step processes (batch x sequence, or batch for decode). */
    public long tokensPerStep() {
        return graph.workload().phase().tokens();
    }

    public double tokensPerSecond() {
        return tokensPerStep() / secondsPerStep();
    }

    /** Useful FLOPs of the step (zeros skipped, omitted parts left out). */
    public double flops() {
        return graph.flops();
    }

    /**
     * The step's timeline as Chrome trace JSON (Perfetto, chrome://tracing): every op of every repeat as a
     * slice, one lane per group, played back to back through the engine.
     */
    public String chromeTrace() {
        EngineBuilder b = new EngineBuilder();
        String previous = null;
        int serial = 0;
        for (GroupEstimate g : groups) {
            for (int r = 0; r < g.repeat(); r++) {
                String lane = g.repeat() > 1 ? g.name() + " " + r : g.name();
                for (OpEstimate e : g.ops()) {
                    String id = "t" + serial++;
                    Task.Builder t = Task.builder(id).name(e.op().name() + " [" + e.chosen().kernel() + ", "
                            + e.bound().id() + "]").lane(lane).fixedSeconds(e.seconds());
                    if (previous != null) {
                        t.after(previous);
                    }
                    b.addTask(t.build());
                    previous = id;
                }
            }
        }
        return b.build().run().toChromeTrace();
    }
}
