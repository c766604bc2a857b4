package io.sparsim.simulator;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.ClusterProfile;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.cpu.CpuTarget;
import io.sparsim.simulator.gpu.GpuTarget;
import io.sparsim.simulator.parallel.Fabric;
import io.sparsim.simulator.parallel.ParallelTarget;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.ops.OpGraph;

/** Entry point: picks the target for a profile (the one place targets are registered) and plays a graph. */
public final class Simulator {
    private Simulator() {}

    /** The mapper for {@code profile}'s kind with default options. */
    public static Target target(HardwareProfile profile) {
        return target(profile, TargetOptions.DEFAULT);
    }

    /**
     * The mapper for {@code profile}'s kind. {@code --mode} and {@code --systems} are the wafer's: on a GPU or
     * CPU anything but their defaults is bad input naming the flag and the target.
     */
    public static Target target(HardwareProfile profile, TargetOptions options) {
        if (profile instanceof ClusterProfile c) {
            return target(c.device(), options);
        }
        if (!(profile instanceof io.sparsim.hwprofiles.WaferProfile)) {
            String target = profile.id() + " (a " + profile.kind() + ")";
            if (!TargetOptions.AUTO.equals(options.mode())) {
                throw new BadInputException("--mode", "no --mode on " + target + ": it applies to wafer targets only",
                        options.mode());
            }
            if (options.systems() != 1) {
                throw new BadInputException("--systems", "no --systems on " + target + ": it counts wafer systems",
                        options.autoSystems() ? TargetOptions.AUTO : String.valueOf(options.systems()));
            }
        }
        if (profile instanceof GpuProfile g) {
            return new GpuTarget(g);
        }
        if (profile instanceof CpuProfile c) {
            return new CpuTarget(c);
        }
        return new io.sparsim.simulator.wafer.WaferTarget((io.sparsim.hwprofiles.WaferProfile) profile, options);
    }

    /**
     * The mapper for {@code profile} split as {@code parallelism} says: one device's target when it names one
     * device, else the device's target under tensor, pipeline and data parallelism over the profile's links.
     *
     * @throws io.sparsim.core.BadInputException when the profile cannot join that many devices
     */
    public static Target target(HardwareProfile profile, TargetOptions options, Parallelism parallelism) {
        Target one = target(profile, options);
        if (parallelism.isSingleDevice()) {
            return one;
        }
        return new ParallelTarget(profile, one, Fabric.of(profile, parallelism), parallelism);
    }

    /** Simulates one step of {@code graph} on {@code target}. */
    public static SimResult run(OpGraph graph, Target target, Fidelity fidelity) {
        return target.run(graph, fidelity);
    }
}
