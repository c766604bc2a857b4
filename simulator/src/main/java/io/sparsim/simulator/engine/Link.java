package io.sparsim.simulator.engine;

/**
 * A {@link SharedBandwidth} plus a fixed latency per transfer. A transfer first streams its bytes under
 * processor sharing, then completes {@code latencySeconds} later; the latency is pipelined (it does not
 * occupy the bandwidth), so an uncontended transfer of b bytes takes {@code b / bytesPerSecond + latencySeconds}.
 *
 * @param name           unique resource name
 * @param bytesPerSecond aggregate bandwidth
 * @param latencySeconds fixed latency added to every transfer
 */
public record Link(String name, double bytesPerSecond, double latencySeconds) implements Resource {

    public Link {
        Checks.name(name, "Link.name");
        Checks.positiveFinite(bytesPerSecond, "Link(" + name + ").bytesPerSecond");
        Checks.nonNegativeFinite(latencySeconds, "Link(" + name + ").latencySeconds");
    }

    @Override
    public double peakRatePerSecond() {
        return bytesPerSecond;
    }
}
