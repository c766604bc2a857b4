package io.sparsim.simulator.engine;

/**
 * What one resource did during a run.
 *
 * @param name              resource name
 * @param workServed        work served, in the resource's unit; equals the work demanded of it (the engine
 *                          integrates rate over time for bandwidths, so this is a real conservation check)
 * @param busySeconds       time during which at least one slot was held (compute) or one flow was active
 *                          (bandwidth, link)
 * @param peakRatePerSecond aggregate peak rate (all slots)
 * @param utilization       workServed / (peakRatePerSecond × makespan): the fraction of peak delivered; 0 for an
 *                          empty run
 */
public record ResourceUsage(String name, double workServed, double busySeconds, double peakRatePerSecond,
                            double utilization) {
}
