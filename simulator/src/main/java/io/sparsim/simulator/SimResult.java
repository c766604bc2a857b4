package io.sparsim.simulator;

import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.Task;
import io.sparsim.workloads.ops.OpGraph;
import java.util.List;
import java.util.Optional;

/**
 * A simulated step of a workload on one machine: per group and op, the chosen kernel, time and bound.
 *
 * @param mapping    how the workload was laid onto the machine (e.g. the wafer's PE rectangle and systems)
 * @param doesNotFit why the workload cannot run this way ("layer 17 needs 61 GB, wafer has 44 GB"); a value,
 *                   not an exception, so sweeps can report it. When present, {@code groups} may be empty.
 */
public record SimResult(String hardwareId, Fidelity fidelity, OpGraph graph, List<GroupEstimate> groups,
                        String mapping, Optional<String> doesNotFit) {
    public SimResult {
        groups = List.copyOf(groups);
    }

    /** True when the workload maps onto the machine. */
    public boolean fits() {
        return doesNotFit.isEmpty();
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

    /** Seconds of the step each bound accounts for, largest first. */
    public java.util.Map<Bound, Double> secondsByBound() {
        java.util.Map<Bound, Double> t = new java.util.EnumMap<>(Bound.class);
        for (GroupEstimate g : groups) {
            for (OpEstimate e : g.ops()) {
                t.merge(e.bound(), e.seconds() * g.repeat(), Double::sum);
            }
        }
        java.util.Map<Bound, Double> sorted = new java.util.LinkedHashMap<>();
        t.entrySet().stream().sorted(java.util.Map.Entry.<Bound, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The bound that accounts for most of the step. */
    public Bound dominantBound() {
        return secondsByBound().keySet().iterator().next();
    }

    /** Useful FLOPs of the step (zeros skipped, omitted parts left out). */
    public double flops() {
        return graph.flops();
    }

    /**
     * The step's timeline as Chrome trace JSON (Perfetto, chrome://tracing), played back to back through the engine,
     * with one track per resource of the device: every op of every repeat sits on the track of the resource that
     * bounds it ({@link #track(Bound)}: compute, memory, interconnect; on a wafer also I/O and fabric). With
     * tensor, pipeline or data parallelism the device is one rank: every rank of a stage runs the same schedule.
     */
    public String chromeTrace() {
        EngineBuilder b = new EngineBuilder();
        String previous = null;
        int serial = 0;
        for (GroupEstimate g : groups) {
            for (int r = 0; r < g.repeat(); r++) {
                String group = g.repeat() > 1 ? g.name() + " " + r : g.name();
                for (OpEstimate e : g.ops()) {
                    String id = "t" + serial++;
                    Task.Builder t = Task.builder(id).name(group + ": " + e.op().name() + " [" + e.chosen().kernel()
                            + ", " + e.bound().id() + "]").lane(hardwareId + " " + track(e.bound()))
                            .fixedSeconds(e.seconds());
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

    /** The resource track an op bound by {@code bound} occupies in the trace. */
    public static String track(Bound bound) {
        return switch (bound) {
            case COMPUTE, SPARSE_OVERHEAD, LAUNCH, IMBALANCE -> "compute";
            case HBM, L2, DRAM -> "memory";
            case INTERCONNECT -> "interconnect";
            case IO -> "I/O";
            case FABRIC -> "fabric";
        };
    }
}
