package io.sparsim.validation.measure;

import io.sparsim.core.BadInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax check of the weight-sparsity spec strings a measurement case may carry. The full
 * grammar (composition with '+', omission schedules) belongs to the workloads module; a measured
 * kernel case has exactly one weight pattern.
 */
public final class SparsitySpecs {
    private static final Pattern UNSTRUCTURED = Pattern.compile("unstructured:([0-9.eE+-]+)");
    private static final Pattern NM = Pattern.compile("([0-9]+):([0-9]+)");
    private static final Pattern BLOCK = Pattern.compile("block:([0-9]+)x([0-9]+):([0-9.eE+-]+)");
    static final String EXPECTED =
            "a sparsity spec like 'dense', 'unstructured:0.7', '2:4' or 'block:16x16:0.5'";

    private SparsitySpecs() {
    }

    /** Returns the spec unchanged if it is well formed; otherwise throws naming {@code field}. */
    public static String check(String spec, String field) {
        if (spec == null) {
            throw new BadInputException(field, EXPECTED, null);
        }
        if (spec.equals("dense")) {
            return spec;
        }
        Matcher m = UNSTRUCTURED.matcher(spec);
        if (m.matches() && fraction(m.group(1))) {
            return spec;
        }
        m = NM.matcher(spec);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long mm = Long.parseLong(m.group(2));
            if (n >= 1 && n < mm && mm <= 64) {
                return spec;
            }
        }
        m = BLOCK.matcher(spec);
        if (m.matches() && Long.parseLong(m.group(1)) >= 1 && Long.parseLong(m.group(2)) >= 1
                && fraction(m.group(3))) {
            return spec;
        }
        throw new BadInputException(field, EXPECTED, spec);
    }

    /** The spec string for unstructured sparsity {@code fraction} (zeros), e.g. {@code unstructured:0.7}. */
    public static String unstructured(double fraction) {
        return fraction == 0 ? "dense" : "unstructured:" + trim(fraction);
    }

    /** The spec string for square blocks of side {@code b} with {@code fraction} zero blocks. */
    public static String block(int b, double fraction) {
        return fraction == 0 ? "dense" : "block:" + b + "x" + b + ":" + trim(fraction);
    }

    private static String trim(double v) {
        String s = Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    private static boolean fraction(String text) {
        try {
            double v = Double.parseDouble(text);
            return v >= 0 && v < 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
