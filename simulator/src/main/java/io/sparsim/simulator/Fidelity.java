package io.sparsim.simulator;

import io.sparsim.core.BadInputException;
import java.util.Locale;

/** How finely a target simulates: {@code fast} aggregates (sweeps), {@code detailed} plays each SM/core/PE. */
public enum Fidelity {
    FAST,
    DETAILED;

    public static Fidelity parse(String text, String field) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new BadInputException(field, "a fidelity fast|detailed", text);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
