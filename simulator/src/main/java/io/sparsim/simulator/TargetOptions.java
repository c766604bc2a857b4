package io.sparsim.simulator;

import io.sparsim.core.BadInputException;

/**
 * Choices a user makes about how a machine runs a workload, beyond the profile.
 *
 * @param mode    wafer execution mode: {@code weight-streaming} (weights stream from external memory layer by
 *                layer), {@code resident} (weights held in SRAM, layer-pipelined) or {@code auto} (the wafer
 *                decides: decode runs resident when the model fits the systems' SRAM, everything else streams).
 *                Only {@code auto} applies to GPUs and CPUs
 * @param systems wafer systems the step runs on (at least 1), or {@link #AUTO_SYSTEMS}: the wafer chooses the
 *                fewest that hold the model. Only 1 applies to GPUs and CPUs
 * @param seed    seed of every random choice (sparsity masks sampled for load imbalance)
 */
public record TargetOptions(String mode, int systems, long seed) {
    public static final String WEIGHT_STREAMING = "weight-streaming";
    public static final String RESIDENT = "resident";
    public static final String AUTO = "auto";
    /** {@code --systems auto}: the target chooses the count and says so in its mapping. */
    public static final int AUTO_SYSTEMS = 0;
    public static final TargetOptions DEFAULT = new TargetOptions(AUTO, 1, 1L);

    public TargetOptions {
        if (!WEIGHT_STREAMING.equals(mode) && !RESIDENT.equals(mode) && !AUTO.equals(mode)) {
            throw new BadInputException("--mode", "weight-streaming|resident|auto", mode);
        }
        if (systems < 0) {
            throw new BadInputException("--systems", "a positive number of systems or 'auto'", systems);
        }
    }

    /** True when the target chooses the number of systems. */
    public boolean autoSystems() {
        return systems == AUTO_SYSTEMS;
    }

    /** {@code --systems}: a positive count or {@code auto}. */
    public static int parseSystems(String text) {
        if (AUTO.equals(text)) {
            return AUTO_SYSTEMS;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new BadInputException("--systems", "a positive number of systems or 'auto'", text);
    }
}
