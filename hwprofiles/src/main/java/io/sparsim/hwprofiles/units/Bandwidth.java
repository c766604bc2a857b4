package io.sparsim.hwprofiles.units;

import java.util.Map;

/**
 * A data rate in bytes per second, greater than zero. Parses {@code 3.35 TB/s}, {@code 26 GB/s},
 * {@code 21 PB/s}, and bit rates such as {@code 1.2 Tb/s} (divided by 8).
 */
public record Bandwidth(double bytesPerSecond) {
    private static final UnitTable UNITS;

    static {
        Map<String, Double> t = UnitTable.table();
        UnitTable.addDecimal(t, "B/s", 5, 1);
        UnitTable.addBinary(t, "B/s", 1);
        UnitTable.addDecimal(t, "b/s", 5, 1.0 / 8);
        UNITS = new UnitTable("bandwidth",
                "a bandwidth like '3.35 TB/s' (units B/s, kB/s..PB/s, KiB/s..TiB/s, b/s..Pb/s)", t, false,
                1e3, 1e18, "between 1 kB/s and 1000 PB/s");
    }

    public Bandwidth {
        UNITS.check(bytesPerSecond, "bytesPerSecond", bytesPerSecond);
    }

    public static Bandwidth parse(String text, String field) {
        return new Bandwidth(UNITS.parse(text, field));
    }

    public static String expected() {
        return UNITS.expected();
    }

    public Bandwidth times(double factor) {
        return new Bandwidth(bytesPerSecond * factor);
    }

    /** Seconds to move {@code bytes} at this rate. */
    public double secondsFor(double bytes) {
        return bytes / bytesPerSecond;
    }

    /** Always in bytes per second with a decimal prefix, e.g. {@code 3.35 TB/s}. */
    public String format() {
        return UnitTable.formatDecimal(bytesPerSecond, "B/s", 5);
    }

    @Override
    public String toString() {
        return format();
    }
}
