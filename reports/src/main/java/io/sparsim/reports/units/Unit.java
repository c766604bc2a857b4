package io.sparsim.reports.units;

/**
 * How a number in a report reads to a person. Raw values stay in SI base units (seconds, bytes, FLOPs, watts,
 * joules, dollars); the unit only decides how a writer shows them.
 */
public enum Unit {
    /** Plain text or an identifier. */
    TEXT,
    /** An exact count (batch, devices, steps): shown as an integer. */
    COUNT,
    /** Seconds, shown as ns/µs/ms/s/h/d. */
    SECONDS,
    /** Days, shown as d. */
    DAYS,
    TOKENS_PER_SECOND,
    FLOPS,
    FLOPS_PER_SECOND,
    BYTES,
    BYTES_PER_SECOND,
    WATTS,
    JOULES,
    /** Megawatt-hours, the energy of a training run. */
    MEGAWATT_HOURS,
    DOLLARS,
    /** A dimensionless ratio such as a speedup, shown as 1.812x. */
    RATIO,
    /** A fraction shown as a percentage (0.8777 -> 87.77%). */
    FRACTION,
    /** A plain number with 4 significant digits. */
    NUMBER
}
