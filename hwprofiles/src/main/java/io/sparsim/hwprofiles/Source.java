package io.sparsim.hwprofiles;

import io.sparsim.core.BadInputException;

/**
 * Where one number of a profile came from.
 *
 * @param what     the field path inside the kind's section, e.g. {@code hbm.bandwidth} or {@code tensor}
 *                 (a path covers every field below it)
 * @param value    the value as the source states it, e.g. {@code 3.35 TB/s} or {@code 1.83–1.98 GHz}
 * @param citation the public source (exactly one of citation and estimate is set)
 * @param estimate the one-line reasoning behind a number no source states
 */
public record Source(String what, String value, String citation, String estimate) {
    public Source {
        Check.text(what, "what");
        Check.text(value, "value");
        boolean cited = citation != null && !citation.isBlank();
        boolean estimated = estimate != null && !estimate.isBlank();
        if (cited == estimated) {
            throw new BadInputException(cited ? "estimate" : "citation",
                    "exactly one of 'citation' (a public source) or 'estimate' (the reasoning)",
                    cited ? estimate : "");
        }
    }

    public static Source cited(String what, String value, String citation) {
        return new Source(what, value, citation, null);
    }

    public static Source estimated(String what, String value, String reasoning) {
        return new Source(what, value, null, reasoning);
    }

    public boolean isEstimate() {
        return estimate != null;
    }

    /** True when this source describes {@code path} or a field that contains it. */
    public boolean covers(String path) {
        return path.equals(what) || path.startsWith(what + ".");
    }
}
