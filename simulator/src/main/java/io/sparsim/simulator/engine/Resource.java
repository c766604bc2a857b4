package io.sparsim.simulator.engine;

/**
 * Something that serves work: a {@link ComputeUnit} (FLOPs, ops, cycles...), a {@link SharedBandwidth}
 * or a {@link Link} (bytes). A {@link Demand} names the resource and the amount of work in the
 * resource's own unit; the engine never interprets the unit.
 */
public sealed interface Resource permits ComputeUnit, SharedBandwidth, Link {

    /** Unique name within a graph; demands refer to the resource by this name. */
    String name();

    /** Highest aggregate service rate in work units per second (all slots of a compute unit together). */
    double peakRatePerSecond();
}
