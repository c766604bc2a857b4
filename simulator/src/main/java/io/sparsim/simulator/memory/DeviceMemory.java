package io.sparsim.simulator.memory;

import java.util.Optional;

/**
 * One device's memory for a step against its capacity.
 *
 * @param components    what the device holds, by component
 * @param capacityBytes the device's memory (GPU HBM, CPU server RAM)
 * @param doesNotFit    present exactly when the components exceed the capacity
 */
public record DeviceMemory(MemoryComponents components, long capacityBytes, Optional<DoesNotFit> doesNotFit) {
    public DeviceMemory {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacityBytes <= 0: " + capacityBytes);
        }
        if (doesNotFit.isPresent() == (components.totalBytes() <= capacityBytes)) {
            throw new IllegalArgumentException("doesNotFit must be present exactly when "
                    + components.totalBytes() + " B exceed " + capacityBytes + " B");
        }
    }

    /** Bytes one device needs. */
    public long perDeviceBytes() {
        return components.totalBytes();
    }

    /** True when the step fits in every device's memory. */
    public boolean fits() {
        return doesNotFit.isEmpty();
    }
}
