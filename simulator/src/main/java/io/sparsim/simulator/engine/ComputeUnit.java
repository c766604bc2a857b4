package io.sparsim.simulator.engine;

/**
 * A unit that serves whole tasks: each of its {@code capacity} slots holds one task from the moment the
 * task is dispatched until the task ends (including time spent waiting for the task's other demands,
 * like an SM holding a CTA while its loads are in flight), and serves that task's demand at
 * {@code ratePerSecond}. Waiting tasks are dispatched in order of (ready time, task priority, insertion
 * serial).
 *
 * @param name          unique resource name
 * @param ratePerSecond work units per second of one slot (e.g. FLOP/s of one SM)
 * @param capacity      number of parallel slots, each at the full {@code ratePerSecond}
 */
public record ComputeUnit(String name, double ratePerSecond, int capacity) implements Resource {

    public ComputeUnit {
        Checks.name(name, "ComputeUnit.name");
        Checks.positiveFinite(ratePerSecond, "ComputeUnit(" + name + ").ratePerSecond");
        if (capacity < 1) {
            throw new IllegalArgumentException("ComputeUnit(" + name + ").capacity: expected >= 1, got " + capacity);
        }
    }

    /** A unit with one slot. */
    public ComputeUnit(String name, double ratePerSecond) {
        this(name, ratePerSecond, 1);
    }

    @Override
    public double peakRatePerSecond() {
        return ratePerSecond * capacity;
    }
}
