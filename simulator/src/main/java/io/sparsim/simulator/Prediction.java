package io.sparsim.simulator;

import io.sparsim.workloads.Workload;
import io.sparsim.workloads.ops.Lowering;
import io.sparsim.workloads.sparsity.SparsitySpec;

/**
 * A workload's simulated step beside the same workload run dense on the same machine.
 *
 * @param result the workload as given
 * @param dense  the same model, phase and precision with dense weights and nothing omitted
 */
public record Prediction(SimResult result, SimResult dense) {

    /** Simulates {@code workload} and its dense twin on {@code target}. */
    public static Prediction of(Workload workload, Target target, Fidelity fidelity) {
        SimResult r = Simulator.run(Lowering.lower(workload), target, fidelity);
        Workload denseWorkload = Workload.of(workload.model(), workload.phase(), workload.precision(),
                SparsitySpec.DENSE);
        SimResult d = workload.sparsity().isDense() ? r
                : Simulator.run(Lowering.lower(denseWorkload), target, fidelity);
        return new Prediction(r, d);
    }

    /** Dense step time over this step time. */
    public double speedupVsDense() {
        return dense.secondsPerStep() / result.secondsPerStep();
    }

    /** Dense FLOPs over useful FLOPs: the speedup if time were proportional to FLOPs. */
    public double flopProportionalSpeedup() {
        return dense.flops() / result.flops();
    }
}
