package io.sparsim.hwprofiles.units;

import java.util.Map;

/**
 * An arithmetic rate in operations per second, greater than zero. Parses {@code 989.4 TFLOP/s},
 * {@code 125 PFLOP/s}, {@code 1978.9 TOPS} (integer ops count the same way: a multiply-add is 2).
 */
public record FlopRate(double flopsPerSecond) {
    private static final UnitTable UNITS;

    static {
        Map<String, Double> t = UnitTable.table();
        for (String symbol : new String[] {"FLOP/s", "FLOPS", "OP/s", "OPS"}) {
            UnitTable.addDecimal(t, symbol, 6, 1);
        }
        UNITS = new UnitTable("compute rate", "a compute rate like '989.4 TFLOP/s' (units FLOP/s, "
                + "kFLOP/s..EFLOP/s; FLOPS, OP/s and OPS with the same prefixes)", t, false, 1e6, 1e21,
                "between 1 MFLOP/s and 1000 EFLOP/s");
    }

    public FlopRate {
        UNITS.check(flopsPerSecond, "flopsPerSecond", flopsPerSecond);
    }

    public static FlopRate parse(String text, String field) {
        return new FlopRate(UNITS.parse(text, field));
    }

    public static String expected() {
        return UNITS.expected();
    }

    public FlopRate times(double factor) {
        return new FlopRate(flopsPerSecond * factor);
    }

    /** Seconds to perform {@code flops} operations at this rate. */
    public double secondsFor(double flops) {
        return flops / flopsPerSecond;
    }

    /** E.g. {@code 989.4 TFLOP/s}, {@code 1978.9 TFLOP/s}, {@code 125 PFLOP/s} (mantissa below 10000). */
    public String format() {
        return UnitTable.formatDecimalWide(flopsPerSecond, "FLOP/s", 6);
    }

    @Override
    public String toString() {
        return format();
    }
}
