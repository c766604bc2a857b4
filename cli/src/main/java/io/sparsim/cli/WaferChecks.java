package io.sparsim.cli;

import io.sparsim.core.BadInputException;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.simulator.wafer.WaferTarget;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.ops.Lowering;

/** The wafer's flag rules that need a simulated step to decide. */
final class WaferChecks {
    private WaferChecks() {}

    /**
     * {@code --mode resident --systems N} is honoured or refused: when the model does not fit on the N systems
     * asked for but would on more, that is bad input naming the minimum (a count the user chose, not a fact of
     * the model). Without {@code --systems} the same case is a "does not fit" value.
     */
    static void systemsHonoured(Target target, Workload workload, SimResult result, String systems, String mode) {
        if (result.fits() || systems == null || !TargetOptions.RESIDENT.equals(mode)
                || !(target instanceof WaferTarget wafer)) {
            return;
        }
        int asked = TargetOptions.parseSystems(systems);
        if (asked == TargetOptions.AUTO_SYSTEMS) {
            return;
        }
        int least = wafer.minimumResidentSystems(Lowering.lower(workload));
        if (least == 0) {
            return; // no count holds it: reported as a value
        }
        String what = least > asked
                ? "at least " + least + " systems of " + target.hardwareId() + " to hold " + workload.model().id()
                        + " resident at batch " + workload.phase().batch() + " (or --systems auto)"
                : "a count resident mode can use: " + result.doesNotFit().orElse("");
        throw new BadInputException("--systems", what, systems);
    }
}
