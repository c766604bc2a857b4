package io.sparsim.validation.compare;

import io.sparsim.validation.measure.MeasuredCase;

/**
 * One measured case beside its prediction. The measured time compared is the case's 10th percentile: on a
 * shared machine interference only ever adds time (a descheduled worker thread doubles a 2-thread kernel),
 * so the low quantile of many samples estimates the uncontended run the simulator models, and it repeats
 * across runs where the median flips between the fast and the slowed mode.
 *
 * @param predictedSeconds the simulated time of the kernel family the measurement ran
 * @param measuredSpeedup  measured dense / this case's time (10th percentiles) (NaN when the file has no dense twin)
 * @param predictedSpeedup the same ratio of predictions
 * @param weightSparsity   fraction of the weight that is zero (0.5 for 2:4)
 */
public record CaseComparison(MeasuredCase measured, String kernel, double predictedSeconds, double measuredSpeedup,
                             double predictedSpeedup, double weightSparsity) {

    /** Relative error of the prediction: (predicted - measured) / measured. */
    public double error() {
        return (predictedSeconds - measuredSeconds()) / measuredSeconds();
    }

    /** The measured time compared: the 10th percentile of the samples. */
    public double measuredSeconds() {
        return measuredSeconds(measured);
    }

    static double measuredSeconds(MeasuredCase c) {
        return c.p10Seconds();
    }

    /** Predicted over measured speedup, minus one (NaN without a dense twin). */
    public double speedupError() {
        return predictedSpeedup / measuredSpeedup - 1;
    }

    public boolean hasDenseTwin() {
        return !Double.isNaN(measuredSpeedup);
    }
}
