package io.sparsim.simulator.memory;

/**
 * Why a configuration cannot run on its devices, as a value (sweeps and plans report it, never a rate).
 *
 * @param reason     one line: what needs how much against what capacity, and the fewest devices' split
 * @param minDevices the fewest devices of this kind that would hold it, growing the given tensor, pipeline and
 *                   data-parallel degrees (same ZeRO stage and micro-batch); 0 when no split of the model holds
 *                   it (a single layer's share exceeds a device at the largest split)
 */
public record DoesNotFit(String reason, int minDevices) {
    public DoesNotFit {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason");
        }
        if (minDevices < 0) {
            throw new IllegalArgumentException("minDevices < 0: " + minDevices);
        }
    }
}
