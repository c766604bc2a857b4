package io.sparsim.simulator.engine;

/**
 * An amount of work a task asks of one resource, in the resource's unit (FLOPs for a compute unit, bytes
 * for a bandwidth or link).
 *
 * @param resource         name of the resource
 * @param work             amount of work, finite and >= 0
 * @param maxRatePerSecond this demand's own rate cap (e.g. what one SM can pull from HBM); positive,
 *                         {@link Double#POSITIVE_INFINITY} for none
 */
public record Demand(String resource, double work, double maxRatePerSecond) {

    public Demand {
        Checks.name(resource, "Demand.resource");
        Checks.nonNegativeFinite(work, "Demand(" + resource + ").work");
        if (!(maxRatePerSecond > 0)) {
            throw new IllegalArgumentException(
                    "Demand(" + resource + ").maxRatePerSecond: expected > 0 or +Infinity, got " + maxRatePerSecond);
        }
    }

    /** An uncapped demand. */
    public static Demand of(String resource, double work) {
        return new Demand(resource, work, Double.POSITIVE_INFINITY);
    }

    /** True when the demand has its own rate cap. */
    public boolean capped() {
        return maxRatePerSecond != Double.POSITIVE_INFINITY;
    }
}
