package io.sparsim.simulator;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.cpu.CpuTarget;
import io.sparsim.simulator.gpu.GpuTarget;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.ops.OpGroup;
import java.util.ArrayList;
import java.util.List;

/** Entry point: picks the target for a profile (the one place targets are registered) and plays a graph. */
public final class Simulator {
    private Simulator() {}

    /** The mapper for {@code profile}'s kind. */
    public static Target target(HardwareProfile profile) {
        if (profile instanceof GpuProfile g) {
            return new GpuTarget(g);
        }
        if (profile instanceof CpuProfile c) {
            return new CpuTarget(c);
        }
        throw new BadInputException("hw", "a gpu or cpu profile (the wafer target is not built yet)",
                profile.id() + " (" + profile.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
    }

    /** Simulates one step of {@code graph}: every op of every group once, times its group's repeat. */
    public static SimResult run(OpGraph graph, Target target, Fidelity fidelity) {
        List<GroupEstimate> groups = new ArrayList<>();
        for (OpGroup g : graph.groups()) {
            List<OpEstimate> ops = new ArrayList<>();
            for (Op op : g.ops()) {
                ops.add(target.estimate(op, fidelity));
            }
            groups.add(new GroupEstimate(g.name(), g.repeat(), ops));
        }
        return new SimResult(target.hardwareId(), fidelity, graph, groups);
    }
}
