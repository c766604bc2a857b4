package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.wafer.WaferTarget;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.ops.Lowering;

/** The wafer's memory through the memory model's API, and the flag rule that needs it. */
final class WaferChecks {
    private WaferChecks() {}

    /**
     * The wafer workload's memory in the mode the target will run (see {@link WaferTarget#memory}). In resident
     * mode an explicit {@code --systems N} is honoured or refused: when the model does not fit the N systems
     * asked for but would fit more, that is bad input naming the minimum (a count the user chose, not a fact of
     * the model). Without {@code --systems} the same case is a "does not fit" value with {@code minDevices}.
     */
    static DeviceMemory memory(HardwareProfile profile, TargetOptions options, Workload workload, String systems) {
        WaferTarget target = (WaferTarget) Simulator.target(profile, options);
        DeviceMemory memory = target.memory(Lowering.lower(workload));
        boolean asked = systems != null && !options.autoSystems() && TargetOptions.RESIDENT.equals(options.mode());
        int least = memory.doesNotFit().map(d -> d.minDevices()).orElse(0);
        if (asked && least > options.systems()) {
            throw new BadInputException("--systems", "at least " + least + " systems of " + profile.id()
                    + " to hold " + workload.model().id() + " resident at batch " + workload.phase().batch()
                    + " (or --systems auto)", systems);
        }
        return memory;
    }
}
