package io.sparsim.validation.compare;

import io.sparsim.validation.measure.MeasuredCase;

/**
 * One measured case beside its prediction.
 *
 * @param predictedSeconds the simulated time of the kernel family the measurement ran
 * @param measuredSpeedup  measured dense median / this case's median (NaN when the file has no dense twin)
 * @param predictedSpeedup the same ratio of predictions
 */
public record CaseComparison(MeasuredCase measured, String kernel, double predictedSeconds, double measuredSpeedup,
                             double predictedSpeedup) {

    /** Relative error of the prediction: (predicted - measured) / measured. */
    public double error() {
        return (predictedSeconds - measured.medianSeconds()) / measured.medianSeconds();
    }

    /** Predicted over measured speedup, minus one (NaN without a dense twin). */
    public double speedupError() {
        return predictedSpeedup / measuredSpeedup - 1;
    }

    public boolean hasDenseTwin() {
        return !Double.isNaN(measuredSpeedup);
    }
}
