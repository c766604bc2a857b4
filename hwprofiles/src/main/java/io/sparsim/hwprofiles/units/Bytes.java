package io.sparsim.hwprofiles.units;

import java.util.Map;

/**
 * A size in bytes. Parses {@code 48 KiB}, {@code 44 GB}, {@code 50 MB}, {@code 40 MiB}: SI prefixes
 * k/M/G/T/P are decimal, Ki/Mi/Gi/Ti binary; {@code B} is bytes and {@code b} bits (divided by 8).
 */
public record Bytes(double bytes) {
    private static final UnitTable UNITS;

    static {
        Map<String, Double> t = UnitTable.table();
        UnitTable.addDecimal(t, "B", 5, 1);
        UnitTable.addBinary(t, "B", 1);
        UnitTable.addDecimal(t, "b", 5, 1.0 / 8);
        UNITS = new UnitTable("size", "a size like '48 KiB' (units B, kB..PB, KiB..TiB, b..Pb)", t, true, 0.125, 1e18, "of at most 1000 PB");
    }

    public Bytes {
        UNITS.check(bytes, "bytes", bytes);
    }

    /** Parses a size with a unit; {@code field} names the value in the error. */
    public static Bytes parse(String text, String field) {
        return new Bytes(UNITS.parse(text, field));
    }

    /** What {@link #parse} accepts, for error messages of callers. */
    public static String expected() {
        return UNITS.expected();
    }

    public Bytes times(double factor) {
        return new Bytes(bytes * factor);
    }

    /** E.g. {@code 48 KiB} for exact binary sizes, else decimal: {@code 80 GB}. */
    public String format() {
        return UnitTable.formatBytes(bytes, "B");
    }

    @Override
    public String toString() {
        return format();
    }
}
