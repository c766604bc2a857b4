package io.sparsim.hwprofiles.units;

import io.sparsim.core.BadInputException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict parsing and formatting of "number unit" strings against an explicit table of unit symbols.
 * Unit symbols are case-sensitive ({@code MB} is not {@code mb}, {@code b} is bits, {@code B} bytes),
 * so a typo is an error rather than a silent factor of 1000 or 8.
 */
final class UnitTable {
    /** Decimal SI prefixes; {@code k} is lower-case as in SI ({@code K} alone is ambiguous and rejected). */
    static final String[] DECIMAL = {"", "k", "M", "G", "T", "P", "E"};
    /** IEC binary prefixes accepted for sizes and bandwidths. */
    static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti"};

    private static final Pattern QUANTITY =
            Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*(.*)");
    private static final MathContext DIGITS = new MathContext(6);

    private final String kind;
    private final String expected;
    private final Map<String, Double> factors;
    private final boolean zeroAllowed;
    private final double min;
    private final double max;
    private final String range;

    /**
     * @param kind        the quantity's name for "greater than zero" errors, e.g. {@code bandwidth}
     * @param expected    the full expectation text naming an example and the accepted units
     * @param factors     unit symbol to factor into the SI base unit
     * @param zeroAllowed whether 0 is a valid value (sizes and durations) or not (rates)
     */
    UnitTable(String kind, String expected, Map<String, Double> factors, boolean zeroAllowed) {
        this(kind, expected, factors, zeroAllowed, 0, Double.MAX_VALUE, "");
    }

    /**
     * A table whose nonzero values must lie in [{@code min}, {@code max}], the physically plausible range
     * {@code range} describes: a profile that validates must give finite, nonzero times for any op.
     */
    UnitTable(String kind, String expected, Map<String, Double> factors, boolean zeroAllowed, double min, double max,
            String range) {
        this.kind = kind;
        this.expected = expected;
        this.factors = Map.copyOf(factors);
        this.zeroAllowed = zeroAllowed;
        this.min = min;
        this.max = max;
        this.range = range;
    }

    static double pow(double base, int exp) {
        double r = 1;
        for (int i = 0; i < exp; i++) {
            r *= base;
        }
        return r;
    }

    /** Units {@code <prefix><symbol>} for prefixes DECIMAL[0..maxDecimal] with factor 1000^i * scale. */
    static void addDecimal(Map<String, Double> into, String symbol, int maxDecimal, double scale) {
        for (int i = 0; i <= maxDecimal; i++) {
            into.put(DECIMAL[i] + symbol, pow(1000, i) * scale);
        }
    }

    static void addBinary(Map<String, Double> into, String symbol, double scale) {
        for (int i = 0; i < BINARY.length; i++) {
            into.put(BINARY[i] + symbol, pow(1024, i + 1) * scale);
        }
    }

    static Map<String, Double> table() {
        return new LinkedHashMap<>();
    }

    String expected() {
        return expected;
    }

    /** Parses {@code text}; errors name {@code field}, list the accepted units and quote the text. */
    double parse(String text, String field) {
        if (text == null) {
            throw new BadInputException(field, expected, "");
        }
        Matcher m = QUANTITY.matcher(text.strip());
        if (!m.matches()) {
            throw new BadInputException(field, expected, text);
        }
        Double factor = factors.get(m.group(2));
        if (factor == null) {
            throw new BadInputException(field, expected, text);
        }
        double v = Double.parseDouble(m.group(1)) * factor;
        if (!Double.isFinite(v)) {
            throw new BadInputException(field, expected, text);
        }
        check(v, field, text);
        return v;
    }

    /** Range check shared by parsing and the records' constructors. */
    void check(double v, String field, Object found) {
        if (!Double.isFinite(v) || v < 0 || (v == 0 && !zeroAllowed)) {
            throw new BadInputException(field,
                    "a " + kind + (zeroAllowed ? " of zero or more" : " greater than zero"), found);
        }
        if (v != 0 && (v < min || v > max)) {
            throw new BadInputException(field, "a " + kind + " " + range + " (a physically possible value)", found);
        }
    }

    /** Formats with a decimal prefix so that the mantissa lies in [1, 1000), 6 significant digits. */
    static String formatDecimal(double v, String symbol, int maxDecimal) {
        int i = 0;
        double m = v;
        while (i < maxDecimal && Math.abs(m) >= 1000) {
            m /= 1000;
            i++;
        }
        return number(m) + " " + DECIMAL[i] + symbol;
    }

    /**
     * Formats with the smallest decimal prefix that keeps the mantissa below 10000, the way vendors
     * quote compute peaks ({@code 1978.9 TFLOP/s}, {@code 125 PFLOP/s}).
     */
    static String formatDecimalWide(double v, String symbol, int maxDecimal) {
        int i = 0;
        double m = v;
        while (i < maxDecimal && Math.abs(m) >= 10000) {
            m /= 1000;
            i++;
        }
        return number(m) + " " + DECIMAL[i] + symbol;
    }

    /** Six significant digits, trailing zeros stripped, plain notation, locale independent. */
    static String number(double m) {
        if (m == 0) {
            return "0";
        }
        return new BigDecimal(m).round(DIGITS).stripTrailingZeros().toPlainString();
    }

    /** Sizes: binary prefix when the value is an exact binary multiple at the same magnitude (48 KiB). */
    static String formatBytes(double v, String symbol) {
        int dec = 0;
        double m = v;
        while (dec < 5 && m >= 1000) {
            m /= 1000;
            dec++;
        }
        int bin = 0;
        double b = v;
        while (bin < BINARY.length && b >= 1024) {
            b /= 1024;
            bin++;
        }
        if (bin > 0 && bin == dec && Math.rint(b * 1000) == b * 1000) {
            return number(b) + " " + BINARY[bin - 1] + symbol;
        }
        return number(m) + " " + DECIMAL[dec] + symbol;
    }
}
