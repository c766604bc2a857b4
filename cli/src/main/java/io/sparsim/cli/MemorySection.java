package io.sparsim.cli;

import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.DoesNotFit;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON views of the memory check: {@code memory} {perDeviceBytes, capacityBytes, components, fits}. */
final class MemorySection {
    private MemorySection() {}

    static Map<String, Object> memory(DeviceMemory m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("perDeviceBytes", m.perDeviceBytes());
        out.put("capacityBytes", m.capacityBytes());
        Map<String, Object> components = new LinkedHashMap<>();
        var c = m.components();
        components.put("weightsBytes", c.weights().valueBytes());
        if (!c.weights().metadataBytes().isEmpty()) {
            components.put("weightMetadataBytes", new LinkedHashMap<>(c.weights().metadataBytes()));
        }
        components.put("kvCacheBytes", c.kvCacheBytes());
        components.put("activationsBytes", c.activationBytes());
        components.put("gradientsBytes", c.gradientBytes());
        components.put("optimizerBytes", c.optimizerBytes());
        components.put("workspaceBytes", c.workspaceBytes());
        out.put("components", components);
        out.put("recompute", m.components().recompute().id());
        out.put("zero", m.components().zero().stage());
        out.put("fits", m.fits());
        return out;
    }

    static Map<String, Object> doesNotFit(DoesNotFit d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", d.reason());
        out.put("minDevices", d.minDevices());
        return out;
    }

    /** The table's one line for a configuration that does not fit. */
    static String line(DoesNotFit d) {
        return "does not fit: " + d.reason() + (d.minDevices() > 0 ? " (minDevices " + d.minDevices() + ")" : "");
    }
}
