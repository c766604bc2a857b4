package io.sparsim.simulator;

import io.sparsim.workloads.ops.Op;
import java.util.List;

/**
 * An op's estimate on one target: the roofline floor beside the simulated time of the kernel a runtime
 * would pick (the fastest of {@code alternatives}).
 *
 * @param rooflineSeconds max(useful FLOPs / dense peak, minimum bytes / memory peak): no kernel beats it
 * @param chosen          the fastest kernel
 * @param alternatives    every kernel considered, fastest first (includes {@code chosen})
 */
public record OpEstimate(Op op, double rooflineSeconds, KernelTime chosen, List<KernelTime> alternatives) {
    public OpEstimate {
        alternatives = List.copyOf(alternatives);
    }

    public double seconds() {
        return chosen.seconds();
    }

    public Bound bound() {
        return chosen.bound();
    }

    /** The op's estimate when the runtime picks the fastest of {@code kernels}. */
    public static OpEstimate fastest(Op op, double rooflineSeconds, List<KernelTime> kernels) {
        List<KernelTime> sorted = kernels.stream()
                .sorted(java.util.Comparator.comparingDouble(KernelTime::seconds)).toList();
        return new OpEstimate(op, rooflineSeconds, sorted.get(0), sorted);
    }
}
