package io.sparsim.simulator.engine;

/**
 * A port whose bandwidth is shared by every active flow at once (processor sharing): n uncapped flows
 * each get {@code bytesPerSecond / n}; flows with their own cap ({@link Demand#maxRatePerSecond()}) get
 * a max-min fair share. Shares are recomputed on every arrival and departure.
 *
 * @param name           unique resource name
 * @param bytesPerSecond aggregate bandwidth
 */
public record SharedBandwidth(String name, double bytesPerSecond) implements Resource {

    public SharedBandwidth {
        Checks.name(name, "SharedBandwidth.name");
        Checks.positiveFinite(bytesPerSecond, "SharedBandwidth(" + name + ").bytesPerSecond");
    }

    @Override
    public double peakRatePerSecond() {
        return bytesPerSecond;
    }
}
