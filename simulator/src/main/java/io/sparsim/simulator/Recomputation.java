package io.sparsim.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Full activation recomputation ({@code --recompute full}) on GPUs and CPUs: each layer's forward runs again before
 * its backward, so a training step pays one more forward of every layer (the memory model keeps only each layer's
 * input). Wafer targets schedule their own recomputation.
 */
public final class Recomputation {
    private Recomputation() {}

    /** {@code r} with a {@code layer.recompute} group (the {@code layer} group again) before the backward. */
    public static SimResult full(SimResult r) {
        List<GroupEstimate> groups = new ArrayList<>();
        GroupEstimate forward = r.groups().stream().filter(g -> g.name().equals("layer")).findFirst().orElse(null);
        for (GroupEstimate g : r.groups()) {
            if (forward != null && g.name().equals("layer.backward")) {
                groups.add(new GroupEstimate("layer.recompute", forward.repeat(), forward.ops()));
            }
            groups.add(g);
        }
        return new SimResult(r.hardwareId(), r.fidelity(), r.graph(), groups, r.mapping() + ", full recompute",
                r.doesNotFit());
    }
}
