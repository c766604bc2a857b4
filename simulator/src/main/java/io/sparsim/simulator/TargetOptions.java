package io.sparsim.simulator;

import io.sparsim.core.BadInputException;

/**
 * Choices a user makes about how a machine runs a workload, beyond the profile.
 *
 * @param mode    wafer execution mode: {@code weight-streaming} (weights stream from external memory layer by
 *                layer) or {@code resident} (weights held in SRAM, layer-pipelined); ignored by GPU and CPU
 * @param systems machines working data-parallel on the step (wafer scale-out); at least 1
 * @param seed    seed of every random choice (sparsity masks sampled for load imbalance)
 */
public record TargetOptions(String mode, int systems, long seed) {
    public static final String WEIGHT_STREAMING = "weight-streaming";
    public static final String RESIDENT = "resident";
    public static final TargetOptions DEFAULT = new TargetOptions(WEIGHT_STREAMING, 1, 1L);

    public TargetOptions {
        if (!WEIGHT_STREAMING.equals(mode) && !RESIDENT.equals(mode)) {
            throw new BadInputException("--mode", "weight-streaming|resident", mode);
        }
        if (systems < 1) {
            throw new BadInputException("--systems", "a positive number of systems", systems);
        }
    }
}
