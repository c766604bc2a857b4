package io.sparsim.simulator;

import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.ops.OpGroup;
import java.util.ArrayList;
import java.util.List;

/** A machine kind's mapper: lowers one op onto the profile's resources and simulates it. */
public interface Target {
    /** The profile id this target was built from. */
    String hardwareId();

    /** Simulates {@code op} once (one repeat of its group). Deterministic for a given op. */
    OpEstimate estimate(Op op, Fidelity fidelity);

    /**
     * Simulates one step of {@code graph}: by default every op of every group once, times its group's repeat,
     * ops back to back. Targets whose execution spans ops (a layer-pipelined wafer) override this.
     */
    default SimResult run(OpGraph graph, Fidelity fidelity) {
        List<GroupEstimate> groups = new ArrayList<>();
        for (OpGroup g : graph.groups()) {
            List<OpEstimate> ops = new ArrayList<>();
            for (Op op : g.ops()) {
                ops.add(estimate(op, fidelity));
            }
            groups.add(new GroupEstimate(g.name(), g.repeat(), ops));
        }
        return new SimResult(hardwareId(), fidelity, graph, groups, "ops back to back", java.util.Optional.empty());
    }
}
