package io.sparsim.workloads.model;

import java.util.Locale;

/** The linear layers of a LLaMA block plus the LM head; the unit that sparsity specs target. */
public enum LayerType {
    Q("q"),
    K("k"),
    V("v"),
    O("o"),
    GATE("gate"),
    UP("up"),
    DOWN("down"),
    LM_HEAD("lm_head");

    private final String id;

    LayerType(String id) {
        this.id = id;
    }

    /** The lower-case name used in sparsity specs, e.g. {@code gate}. */
    public String id() {
        return id;
    }

    /** q, k, v or o. */
    public boolean isAttention() {
        return this == Q || this == K || this == V || this == O;
    }

    /** gate, up or down. */
    public boolean isMlp() {
        return this == GATE || this == UP || this == DOWN;
    }

    /** The layer named {@code text} (case-insensitive), or null when none is. */
    public static LayerType byId(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (LayerType l : values()) {
            if (l.id.equals(t)) {
                return l;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return id;
    }
}
