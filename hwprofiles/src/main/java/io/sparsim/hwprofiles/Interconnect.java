package io.sparsim.hwprofiles;

import io.sparsim.hwprofiles.units.Bandwidth;
import io.sparsim.hwprofiles.units.Duration;

/**
 * A link devices exchange collectives over (NVLink/NVSwitch inside a node, InfiniBand/RoCE between nodes, a
 * CPU socket link).
 *
 * @param name          what the link is, e.g. {@code NVLink 4 via NVSwitch}
 * @param bandwidth     line rate per device and direction
 * @param busEfficiency the fraction of {@code bandwidth} NCCL's ring bus bandwidth reaches on large messages
 *                      (measured {@code busbw} / line rate)
 * @param stepLatency   latency of one ring step with NCCL's low-latency protocol ({@code hwLat} in NCCL's tuning
 *                      model)
 */
public record Interconnect(String name, Bandwidth bandwidth, double busEfficiency, Duration stepLatency) {
    public Interconnect {
        Check.text(name, "name");
        Check.present(bandwidth, "bandwidth", Bandwidth.expected());
        Check.fraction(busEfficiency, "busEfficiency");
        Check.present(stepLatency, "stepLatency", Duration.expected());
    }

    /** Bytes per second a large collective moves per device and direction. */
    public double busBytesPerSecond() {
        return bandwidth.bytesPerSecond() * busEfficiency;
    }
}
