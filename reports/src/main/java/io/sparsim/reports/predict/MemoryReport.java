package io.sparsim.reports.predict;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparsim.reports.doc.Fields;
import io.sparsim.reports.units.Unit;
import io.sparsim.simulator.memory.DeviceMemory;
import io.sparsim.simulator.memory.DoesNotFit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The memory check of one device as reported: what it holds, by component, against its capacity. */
public record MemoryReport(long perDeviceBytes, long capacityBytes, Components components, String recompute, int zero,
                           boolean fits) {

    /** Bytes by component; {@code weightMetadataBytes} by sparse format, absent when all weights are dense. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Components(long weightsBytes, Map<String, Long> weightMetadataBytes, long kvCacheBytes,
                             long activationsBytes, long gradientsBytes, long optimizerBytes, long workspaceBytes) {}

    /** Why it does not fit, and the fewest devices that would hold it (0: no split does). */
    public record Miss(String reason, int minDevices) {
        public static Miss of(DoesNotFit d) {
            return new Miss(d.reason(), d.minDevices());
        }
    }

    public static MemoryReport of(DeviceMemory m) {
        var c = m.components();
        Map<String, Long> meta = c.weights().metadataBytes().isEmpty() ? null
                : new LinkedHashMap<>(c.weights().metadataBytes());
        return new MemoryReport(m.perDeviceBytes(), m.capacityBytes(), new Components(c.weights().valueBytes(), meta,
                c.kvCacheBytes(), c.activationBytes(), c.gradientBytes(), c.optimizerBytes(), c.workspaceBytes()),
                c.recompute().id(), c.zero().stage(), m.fits());
    }

    /** The memory as labelled fields. */
    public Fields fields() {
        Fields.Builder b = Fields.builder()
                .add("per device", perDeviceBytes, Unit.BYTES)
                .add("capacity", capacityBytes, Unit.BYTES)
                .text("fits", fits ? "yes" : "no")
                .add("weights", components.weightsBytes(), Unit.BYTES);
        if (components.weightMetadataBytes() != null) {
            components.weightMetadataBytes().forEach((k, v) -> b.add("weight metadata (" + k + ")", v, Unit.BYTES));
        }
        return b.add("KV cache", components.kvCacheBytes(), Unit.BYTES)
                .add("activations", components.activationsBytes(), Unit.BYTES)
                .add("gradients", components.gradientsBytes(), Unit.BYTES)
                .add("optimizer", components.optimizerBytes(), Unit.BYTES)
                .add("workspace", components.workspaceBytes(), Unit.BYTES)
                .text("recompute", recompute)
                .add("ZeRO stage", zero, Unit.COUNT).build();
    }
}
