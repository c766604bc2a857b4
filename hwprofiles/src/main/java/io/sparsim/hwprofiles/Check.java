package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.units.Bytes;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Validation helpers for the records' compact constructors; each error names the field. */
final class Check {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private Check() {
    }

    static <T> T present(T value, String field, String expected) {
        if (value == null) {
            throw new BadInputException(field, expected, null);
        }
        return value;
    }

    static int positive(int value, String field) {
        if (value <= 0) {
            throw new BadInputException(field, "a positive integer", value);
        }
        return value;
    }

    static double positive(double value, String field) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new BadInputException(field, "a number greater than zero", value);
        }
        return value;
    }

    /** Efficiencies are fractions of a peak: in (0, 1]. */
    static double fraction(double value, String field) {
        if (!(value > 0 && value <= 1)) {
            throw new BadInputException(field, "a fraction in (0, 1]", value);
        }
        return value;
    }

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new BadInputException(field, "a non-empty text", value == null ? "" : value);
        }
        return value;
    }

    static String id(String value, String field) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new BadInputException(field, "an id of lower-case letters, digits, '-' and '.'",
                    value == null ? "" : value);
        }
        return value;
    }

    /** A present size greater than zero (Bytes itself allows zero). */
    static Bytes positive(Bytes value, String field) {
        present(value, field, "a size like '48 KiB'");
        if (value.bytes() <= 0) {
            throw new BadInputException(field, "a size greater than zero", value.format());
        }
        return value;
    }

    static <T> List<T> list(List<T> value, String field) {
        present(value, field, "a list");
        for (int i = 0; i < value.size(); i++) {
            present(value.get(i), field + "[" + i + "]", "a value");
        }
        return List.copyOf(value);
    }

    /** An unmodifiable copy in {@link Precision} order (stable for equality and output), non-empty. */
    static <V> Map<Precision, V> precisionMap(Map<Precision, V> value, String field) {
        present(value, field, "a map from precision (" + Precision.accepted() + ")");
        if (value.isEmpty()) {
            throw new BadInputException(field, "at least one precision (" + Precision.accepted() + ")", "{}");
        }
        EnumMap<Precision, V> copy = new EnumMap<>(Precision.class);
        for (Map.Entry<Precision, V> e : value.entrySet()) {
            present(e.getKey(), field, "a precision " + Precision.accepted());
            copy.put(e.getKey(), present(e.getValue(), field + "." + e.getKey().id(), "a value"));
        }
        return Collections.unmodifiableMap(copy);
    }

    static String ids(Map<Precision, ?> map) {
        return String.join("|", map.keySet().stream().map(Precision::id).toList());
    }

    /** Plain number text for messages: integers without a fraction, others to 6 significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static double nonNegative(double value, String field) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new BadInputException(field, "a number of zero or more", value);
        }
        return value;
    }
}
