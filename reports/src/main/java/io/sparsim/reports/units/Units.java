package io.sparsim.reports.units;

import java.util.Locale;

/**
 * Formats numbers for people: 4 significant digits with an SI prefix and a unit ({@code 44.13 µs},
 * {@code 57.17 ktok/s}, {@code 821.2 TFLOP/s}, {@code 3.000 TB/s}). Decimal prefixes throughout, like the
 * vendors' datasheets the profiles quote. Never prints NaN or Infinity: those read as "n/a".
 */
public final class Units {
    /** Significant digits of every formatted number. */
    public static final int DIGITS = 4;
    private static final String[] PREFIX = {"", "k", "M", "G", "T", "P", "E"};

    private Units() {}

    /** {@code value} (in the unit's SI base) as text. */
    public static String format(Object value, Unit unit) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n && !(value instanceof Long || value instanceof Integer)) {
            return format(n.doubleValue(), unit);
        }
        if (value instanceof Number n && unit != Unit.COUNT && unit != Unit.TEXT) {
            return format(n.doubleValue(), unit);
        }
        return value.toString();
    }

    /** {@code x} (in the unit's SI base) as text. */
    public static String format(double x, Unit unit) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        return switch (unit) {
            case TEXT, NUMBER -> sig(x);
            case COUNT -> Math.rint(x) == x && Math.abs(x) < 1e15 ? Long.toString((long) x) : sig(x);
            case SECONDS -> seconds(x);
            case DAYS -> sig(x) + " d";
            case TOKENS_PER_SECOND -> si(x, "tok/s");
            case FLOPS -> si(x, "FLOP");
            case FLOPS_PER_SECOND -> si(x, "FLOP/s");
            case BYTES -> si(x, "B");
            case BYTES_PER_SECOND -> si(x, "B/s");
            case WATTS -> si(x, "W");
            case JOULES -> si(x, "J");
            case MEGAWATT_HOURS -> sig(x) + " MWh";
            case DOLLARS -> dollars(x);
            case RATIO -> sig(x) + "x";
            case FRACTION -> percent(x);
        };
    }

    /** Seconds from nanoseconds to days. */
    public static String seconds(double s) {
        // Decide the unit on the rounded value, so 0.99999 ms reads 1.000 ms, not 1000 µs.
        double a = Math.abs(round(s));
        if (a == 0) {
            return "0 s";
        }
        if (a < 1e-6) {
            return sig(s * 1e9) + " ns";
        }
        if (a < 1e-3) {
            return sig(s * 1e6) + " µs";
        }
        if (a < 1) {
            return sig(s * 1e3) + " ms";
        }
        if (a < 10_000) {
            return sig(s) + " s";
        }
        if (a < 2 * 86_400) {
            return sig(s / 3600) + " h";
        }
        return sig(s / 86_400) + " d";
    }

    /** A fraction as a percentage: 3 significant digits, at most 2 decimals (0.8777 -> 87.8%, 1e-5 -> 0.00%). */
    public static String percent(double fraction) {
        double p = fraction * 100;
        if (p == 0) {
            return "0%";
        }
        double a = Math.abs(p);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f%%", p);
    }

    /** {@code x} with an SI prefix before {@code unit}: 5.369e8 FLOP -> "536.9 MFLOP". */
    public static String si(double x, String unit) {
        double a = Math.abs(x);
        int p = 0;
        // Rounding to 4 digits can carry into the next prefix (999.96 k -> 1000 k): decide on the rounded value.
        while (p < PREFIX.length - 1 && Math.abs(round(a / Math.pow(1000, p))) >= 1000) {
            p++;
        }
        if (a != 0 && a < 1) {
            return sig(x) + " " + unit;
        }
        return sig(x / Math.pow(1000, p)) + " " + PREFIX[p] + unit;
    }

    private static String dollars(double x) {
        double a = Math.abs(x);
        if (a < 1000) {
            return (x < 0 ? "-$" : "$") + sig(a);
        }
        return (x < 0 ? "-$" : "$") + si(a, "").strip();
    }

    /** {@code x} to {@link #DIGITS} significant digits, plain notation (no exponent below 1e15). */
    public static String sig(double x) {
        if (!Double.isFinite(x)) {
            return "n/a";
        }
        if (x == 0) {
            return "0";
        }
        double r = round(x);
        double a = Math.abs(r);
        if (a >= 1e15 || a < 1e-6) {
            return String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", r);
        }
        int magnitude = (int) Math.floor(Math.log10(a));
        int decimals = Math.max(0, DIGITS - 1 - magnitude);
        return String.format(Locale.ROOT, "%." + decimals + "f", r);
    }

    /** {@code x} rounded to {@link #DIGITS} significant digits. */
    public static double round(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(DIGITS)).doubleValue();
    }
}
