package io.sparsim.simulator.engine;

/** Argument checks shared by the engine's records; failures are programmer errors, hence unchecked. */
final class Checks {

    private Checks() {
    }

    static String name(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + ": expected a non-blank name, got '" + value + "'");
        }
        return value;
    }

    static double positiveFinite(double value, String what) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + ": expected a finite number > 0, got " + value);
        }
        return value;
    }

    static double nonNegativeFinite(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + ": expected a finite number >= 0, got " + value);
        }
        return value;
    }
}
