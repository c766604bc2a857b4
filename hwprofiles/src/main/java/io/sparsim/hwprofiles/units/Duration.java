package io.sparsim.hwprofiles.units;

import java.util.Map;

/** A time span in seconds, zero or more. Parses {@code 4 us}, {@code 2.5 ns}, {@code 10 ms}. */
public record Duration(double seconds) {
    private static final UnitTable UNITS;
    private static final String[] SYMBOLS = {"s", "ms", "us", "ns", "ps"};

    static {
        Map<String, Double> t = UnitTable.table();
        for (int i = 0; i < SYMBOLS.length; i++) {
            t.put(SYMBOLS[i], 1 / UnitTable.pow(1000, i));
        }
        t.put("µs", 1e-6); // micro sign U+00B5
        t.put("μs", 1e-6); // Greek mu U+03BC
        UNITS = new UnitTable("duration", "a duration like '4 us' (units s, ms, us, µs, ns, ps)", t, true, 1e-15, 1e3,
                "between 1 fs and 1000 s");
    }

    public Duration {
        UNITS.check(seconds, "seconds", seconds);
    }

    public static Duration parse(String text, String field) {
        return new Duration(UNITS.parse(text, field));
    }

    public static String expected() {
        return UNITS.expected();
    }

    /** E.g. {@code 4 us}; sub-second values use ms/us/ns/ps so the mantissa is at least 1. */
    public String format() {
        double m = seconds;
        int i = 0;
        while (i < SYMBOLS.length - 1 && m != 0 && Math.abs(m) < 1) {
            m *= 1000;
            i++;
        }
        return UnitTable.number(m) + " " + SYMBOLS[i];
    }

    @Override
    public String toString() {
        return format();
    }
}
