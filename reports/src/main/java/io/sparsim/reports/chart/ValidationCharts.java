package io.sparsim.reports.chart;

import io.sparsim.reports.doc.Block;
import io.sparsim.reports.validation.ValidationSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validation charts: predicted against measured time, one colour per sparse format, on log axes with the
 * line y = x and the tolerance band around it; and predicted against measured speedup over dense.
 */
public final class ValidationCharts {
    private ValidationCharts() {}

    public static List<Block> of(ValidationSummary v) {
        List<Block> out = new ArrayList<>();
        if (v.cases().isEmpty()) {
            return out;
        }
        Map<String, List<ValidationSummary.CaseRow>> byFormat = new LinkedHashMap<>();
        v.cases().forEach(c -> byFormat.computeIfAbsent(c.format(), k -> new ArrayList<>()).add(c));
        double lo = v.cases().stream().mapToDouble(c -> Math.min(c.measuredSeconds(), c.predictedSeconds()))
                .min().orElse(1e-6) * 1e3;
        double hi = v.cases().stream().mapToDouble(c -> Math.max(c.measuredSeconds(), c.predictedSeconds()))
                .max().orElse(1) * 1e3;
        List<Charts.Series> series = new ArrayList<>();
        byFormat.forEach((f, cs) -> series.add(new Charts.Series(f,
                cs.stream().mapToDouble(c -> c.measuredSeconds() * 1e3).toArray(),
                cs.stream().mapToDouble(c -> c.predictedSeconds() * 1e3).toArray(), Charts.Series.Style.POINTS)));
        series.addAll(band(lo, hi, v.tolerance()));
        out.add(Charts.figure("predicted-vs-measured", "Predicted against measured time per case (log axes); "
                + "dashed: y = x and the " + Math.round(v.tolerance() * 100) + "% tolerance band",
                Charts.xy("Predicted vs measured time", "measured (ms, 10th percentile)", "predicted (ms)", series,
                        true, true), Charts.WIDTH, 480));
        List<Charts.Series> speedups = new ArrayList<>();
        double shi = 0;
        for (var e : byFormat.entrySet()) {
            List<ValidationSummary.CaseRow> cs = e.getValue().stream().filter(c -> c.measuredSpeedup() != null
                    && !e.getKey().equals("dense")).toList();
            if (!cs.isEmpty()) {
                speedups.add(new Charts.Series(e.getKey(), cs.stream().mapToDouble(c -> c.measuredSpeedup()).toArray(),
                        cs.stream().mapToDouble(c -> c.predictedSpeedup()).toArray(), Charts.Series.Style.POINTS));
                shi = Math.max(shi, cs.stream().mapToDouble(c -> Math.max(c.measuredSpeedup(), c.predictedSpeedup()))
                        .max().orElse(0));
            }
        }
        if (!speedups.isEmpty()) {
            speedups.addAll(band(0, shi * 1.05, v.tolerance()));
            out.add(Charts.figure("speedup-predicted-vs-measured", "Predicted against measured speedup over dense "
                    + "per sparse case; dashed: y = x and the tolerance band", Charts.xy(
                    "Predicted vs measured speedup over dense", "measured speedup (x)", "predicted speedup (x)",
                    speedups, false, false), Charts.WIDTH, 480));
        }
        return out;
    }

    /** y = x and y = x (1 +- tolerance) from {@code lo} to {@code hi}. */
    private static List<Charts.Series> band(double lo, double hi, double tolerance) {
        double[] xs = {lo, hi};
        return List.of(
                new Charts.Series("y = x", xs, xs.clone(), Charts.Series.Style.DASHED),
                new Charts.Series("+" + Math.round(tolerance * 100) + "%", xs,
                        new double[] {lo * (1 + tolerance), hi * (1 + tolerance)}, Charts.Series.Style.DASHED),
                new Charts.Series("-" + Math.round(tolerance * 100) + "%", xs,
                        new double[] {lo * (1 - tolerance), hi * (1 - tolerance)}, Charts.Series.Style.DASHED));
    }
}
