package io.sparsim.validation.compare;

import io.sparsim.validation.measure.Format;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions against one measurement file.
 *
 * @param source     the measurement file
 * @param hwId       the profile the cases were predicted with
 * @param measuredOn the machine the file was measured on ({@link ProfileResolver#machine}): with {@code --hw} one
 *                   profile may judge files of several machines
 * @param notes      how the profile was chosen, warnings (e.g. no calibration for this CPU model)
 */
public record ValidationReport(String source, String hwId, String measuredOn, List<String> notes,
                               List<CaseComparison> cases) {
    public ValidationReport {
        notes = List.copyOf(notes);
        cases = List.copyOf(cases);
    }

    /** Mean absolute percentage error of the predicted times, as a fraction. */
    public double mape() {
        return cases.stream().mapToDouble(c -> Math.abs(c.error())).average().orElse(0);
    }

    public double maxAbsError() {
        return cases.stream().mapToDouble(c -> Math.abs(c.error())).max().orElse(0);
    }

    /** Per format: mean absolute error of the predicted speedup over dense, relative to the measured speedup. */
    public Map<String, Double> speedupErrorByFormat() {
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (CaseComparison c : cases) {
            if (c.hasDenseTwin() && c.measured().format() != Format.DENSE) {
                double[] a = acc.computeIfAbsent(c.measured().format().id(), k -> new double[2]);
                a[0] += Math.abs(c.speedupError());
                a[1]++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, a[0] / a[1]));
        return out;
    }

    /** Sparsity levels at which predicted speedups over dense are checked case by case. */
    public static final List<Double> SPEEDUP_LEVELS = List.of(0.5, 0.7, 0.9);

    /**
     * The sparse cases at {@link #SPEEDUP_LEVELS} that have a dense twin: how many, how many have a predicted
     * speedup within {@code tolerance} of the measured one, and the largest relative speedup error.
     */
    public SpeedupCheck speedupCheck(double tolerance) {
        int count = 0;
        int within = 0;
        double max = 0;
        for (CaseComparison c : cases) {
            if (isSpeedupCase(c)) {
                double e = Math.abs(c.speedupError());
                count++;
                within += e <= tolerance ? 1 : 0;
                max = Math.max(max, e);
            }
        }
        return new SpeedupCheck(count, within, max, tolerance);
    }

    /** Whether {@link #speedupCheck} counts {@code c}: a sparse case at a checked level with a dense twin. */
    public static boolean isSpeedupCase(CaseComparison c) {
        boolean atLevel = SPEEDUP_LEVELS.stream().anyMatch(l -> Math.abs(l - c.weightSparsity()) < 1e-9);
        return atLevel && c.hasDenseTwin() && c.measured().format() != Format.DENSE;
    }

    /** See {@link #speedupCheck}. */
    public record SpeedupCheck(int cases, int within, double maxError, double tolerance) {}

    /** Per format: MAPE of the predicted times. */
    public Map<String, Double> mapeByFormat() {
        Map<String, double[]> acc = new LinkedHashMap<>();
        for (CaseComparison c : cases) {
            double[] a = acc.computeIfAbsent(c.measured().format().id(), k -> new double[2]);
            a[0] += Math.abs(c.error());
            a[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        acc.forEach((k, a) -> out.put(k, a[0] / a[1]));
        return out;
    }
}
