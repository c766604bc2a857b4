package io.sparsim.validation.references;

import java.util.Optional;

/**
 * A published figure beside Sparsim's.
 *
 * @param predicted Sparsim's figure in the metric's unit; NaN when the workload does not fit
 * @param error     predicted/published - 1 (relative metrics) or predicted - published (a speedup); NaN without a
 *                  published figure or a prediction
 * @param detail    which kernel or bound the prediction came from, or why there is none
 */
public record ReferenceResult(Reference reference, double predicted, double error, String detail) {

    static ReferenceResult of(Reference r, double predicted, String detail) {
        double error = Double.NaN;
        if (r.value().isPresent()) {
            double v = r.value().getAsDouble();
            error = r.metric().absolute() ? predicted - v : predicted / v - 1;
        }
        return new ReferenceResult(r, predicted, error, detail);
    }

    static ReferenceResult doesNotFit(Reference r, String why) {
        return new ReferenceResult(r, Double.NaN, Double.NaN, "does not fit: " + why);
    }

    /** |error| within the entry's tolerance (false without a figure to compare). */
    public boolean withinTolerance() {
        return !Double.isNaN(error) && Math.abs(error) <= reference.tolerance();
    }

    /** A gated (measured, not known-missed) entry outside its tolerance: what makes {@code validate} exit 1. */
    public boolean fails() {
        return reference.gated() && !withinTolerance();
    }

    /** One word: pass, MISS, known-miss, claim-agrees, claim-differs, no-figure. */
    public String verdict() {
        if (reference.kind() == Reference.Kind.MEASURED) {
            if (reference.knownMiss().isPresent()) {
                return withinTolerance() ? "known-miss (met)" : "known-miss";
            }
            return withinTolerance() ? "pass" : "MISS";
        }
        if (Double.isNaN(error)) {
            return Double.isNaN(predicted) ? "no-prediction" : "no-figure";
        }
        return withinTolerance() ? "agrees" : "differs";
    }

    /** The sentence a reader needs beside a claim or a known miss. */
    public Optional<String> explanation() {
        return reference.knownMiss().or(reference::why);
    }
}
