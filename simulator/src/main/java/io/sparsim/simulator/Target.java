package io.sparsim.simulator;

import io.sparsim.workloads.ops.Op;

/** A machine kind's mapper: lowers one op onto the profile's resources and simulates it. */
public interface Target {
    /** The profile id this target was built from. */
    String hardwareId();

    /** Simulates {@code op} once (one repeat of its group). Deterministic for a given op. */
    OpEstimate estimate(Op op, Fidelity fidelity);
}
