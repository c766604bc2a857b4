package io.sparsim.hwprofiles.units;

import java.util.Map;

/** A clock frequency in hertz, greater than zero. Parses {@code 1.1 GHz}, {@code 1830 MHz}. */
public record Frequency(double hertz) {
    private static final UnitTable UNITS;

    static {
        Map<String, Double> t = UnitTable.table();
        UnitTable.addDecimal(t, "Hz", 3, 1);
        UNITS = new UnitTable("frequency", "a frequency like '1.1 GHz' (units Hz, kHz, MHz, GHz)", t, false, 1e3, 1e12,
                "between 1 kHz and 1000 GHz");
    }

    public Frequency {
        UNITS.check(hertz, "hertz", hertz);
    }

    public static Frequency parse(String text, String field) {
        return new Frequency(UNITS.parse(text, field));
    }

    public static String expected() {
        return UNITS.expected();
    }

    /** Seconds taken by {@code cycles} cycles at this clock. */
    public double secondsFor(double cycles) {
        return cycles / hertz;
    }

    public String format() {
        return UnitTable.formatDecimal(hertz, "Hz", 3);
    }

    @Override
    public String toString() {
        return format();
    }
}
