package io.sparsim.workloads;

import io.sparsim.core.BadInputException;
import java.util.Locale;

/**
 * Activation recomputation in training: keep every activation the backward needs ({@code none}), or keep only
 * each layer's input and recompute the layer's forward before its backward ({@code full}, Chen et al. 2016;
 * Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models").
 */
public enum Recompute {
    NONE("none"),
    FULL("full");

    private final String id;

    Recompute(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses {@code none|full}; errors name {@code field}. */
    public static Recompute parse(String text, String field) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Recompute r : values()) {
            if (r.id.equals(t)) {
                return r;
            }
        }
        throw new BadInputException(field, "a recompute policy none|full", text);
    }

    @Override
    public String toString() {
        return id;
    }
}
