package io.sparsim.simulator.parallel;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ClusterProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.Interconnect;
import io.sparsim.workloads.Parallelism;

/**
 * The links a run's devices talk over: {@code scaleUp} inside a node of {@code devicesPerNode}, {@code scaleOut}
 * between nodes (absent for a single board). Ranks are numbered tensor-parallel fastest, then data-parallel, then
 * pipeline (Megatron-LM's default order), so a tensor-parallel group stays inside a node when it fits in one.
 *
 * @param name the profile the links come from
 */
public record Fabric(String name, int devicesPerNode, Interconnect scaleUp, Interconnect scaleOut) {

    /** The fabric of {@code profile} for {@code p}; bad input when the profile cannot join that many devices. */
    public static Fabric of(HardwareProfile profile, Parallelism p) {
        int devices = p.devices();
        if (profile instanceof ClusterProfile c) {
            if (devices > c.maxDevices()) {
                throw new BadInputException("--tp/--pp/--dp", "at most " + c.maxDevices() + " devices on " + c.id()
                        + " (one node, no scale-out network)", p.tp() + "x" + p.pp() + "x" + p.dp() + " = " + devices);
            }
            return new Fabric(c.id(), c.devicesPerNode(), c.scaleUp(), c.scaleOut());
        }
        if (profile instanceof GpuProfile g) {
            if (g.nvlink() == null) {
                throw new BadInputException("--tp/--pp/--dp", "one GPU on " + g.id() + " (its profile has no nvlink "
                        + "section)", devices);
            }
            if (devices > g.nvlink().gpusPerNode()) {
                throw new BadInputException("--tp/--pp/--dp", "at most the " + g.nvlink().gpusPerNode() + " GPUs of one "
                        + g.id() + " node; more need a cluster profile (nvidia-dgx-h100, nvidia-dgx-a100, "
                        + "nvidia-hgx-h200)", p.tp() + "x" + p.pp() + "x" + p.dp() + " = " + devices);
            }
            return new Fabric(g.id(), g.nvlink().gpusPerNode(), g.nvlink().link(), null);
        }
        throw new BadInputException("--tp/--pp/--dp", "a gpu or cluster profile for multi-device runs", profile.id()
                + " (a " + profile.kind() + " profile)");
    }

    /** Nodes a group of {@code ranks} devices spans when consecutive members are {@code stride} ranks apart. */
    public int nodesSpanned(int ranks, int stride) {
        long span = (long) (ranks - 1) * stride + 1;
        if (span <= devicesPerNode) {
            return 1;
        }
        int perNode = Math.max(1, devicesPerNode / stride);
        return (ranks + perNode - 1) / perNode;
    }
}
