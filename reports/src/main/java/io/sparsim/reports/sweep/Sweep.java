package io.sparsim.reports.sweep;

import io.sparsim.core.BadInputException;
import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Throughput and speedup versus sparsity, per machine and phase: the projection behind capacity plans.
 *
 * @param pattern   the swept family: {@code unstructured}, {@code block:RxC}, {@code omission} or an N:M
 *                  family is not swept (it has one density)
 * @param sparsities the swept fractions; 0 means dense
 * @param options    wafer mode and systems ({@code sweep --mode}); GPUs and CPUs take the defaults
 */
public record Sweep(List<HardwareProfile> hardware, ModelConfig model, List<Phase> phases, Precision precision,
                    String pattern, List<Double> sparsities, Fidelity fidelity, TargetOptions options) {

    public Sweep(List<HardwareProfile> hardware, ModelConfig model, List<Phase> phases, Precision precision,
                 String pattern, List<Double> sparsities, Fidelity fidelity) {
        this(hardware, model, phases, precision, pattern, sparsities, fidelity, TargetOptions.DEFAULT);
    }

    public Sweep {
        hardware = List.copyOf(hardware);
        phases = List.copyOf(phases);
        sparsities = List.copyOf(sparsities);
        spec(pattern, 0.5); // fail early on a bad pattern
    }

    /** Parses {@code A:B:STEP} into the fractions A, A+STEP, ... up to B (inclusive, to rounding). */
    public static List<Double> range(String text, String field) {
        String[] parts = text == null ? new String[0] : text.split(":");
        String expected = "a range A:B:STEP of sparsity fractions with 0 <= A <= B < 1 and STEP > 0, e.g. 0:0.9:0.1";
        if (parts.length != 3) {
            throw new BadInputException(field, expected, text);
        }
        double a;
        double b;
        double step;
        try {
            a = Double.parseDouble(parts[0]);
            b = Double.parseDouble(parts[1]);
            step = Double.parseDouble(parts[2]);
        } catch (NumberFormatException e) {
            throw new BadInputException(field, expected, text);
        }
        if (!(a >= 0 && b >= a && b < 1 && step > 0)) {
            throw new BadInputException(field, expected, text);
        }
        if ((b - a) / step > 1000) {
            // bounded before the loop: a tiny STEP would otherwise run for hours
            throw new BadInputException(field, "at most 1000 sparsity points (a larger STEP)", text);
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            double x = a + i * step;
            if (x > b + step * 1e-6) {
                break;
            }
            out.add(Math.round(x * 1e6) / 1e6);
        }
        return out;
    }

    /** The spec of {@code pattern} at {@code sparsity}. */
    public static SparsitySpec spec(String pattern, double sparsity) {
        if (sparsity == 0) {
            return SparsitySpec.DENSE;
        }
        String s = String.format(Locale.ROOT, "%s:%s", pattern, trim(sparsity));
        try {
            return SparsitySpec.parse(s);
        } catch (BadInputException e) {
            throw new BadInputException("--pattern", "a swept family unstructured|block:RxC|omission", pattern);
        }
    }

    private static String trim(double x) {
        String s = String.format(Locale.ROOT, "%.6f", x);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Runs every point; {@code progress} hears one line per machine and phase. */
    public List<SweepRow> run(Consumer<String> progress) {
        List<SweepRow> rows = new ArrayList<>();
        for (HardwareProfile hw : hardware) {
            Target target = Simulator.target(hw, hw instanceof io.sparsim.hwprofiles.WaferProfile ? options
                    : TargetOptions.DEFAULT);
            for (Phase phase : phases) {
                progress.accept("sweep: " + hw.id() + " " + phase.kind());
                SimResult dense = null;
                for (double x : sparsities) {
                    Workload w = Workload.of(model, phase, precision, spec(pattern, x));
                    Prediction p = dense == null ? Prediction.of(w, target, fidelity)
                            : new Prediction(Simulator.run(io.sparsim.workloads.ops.Lowering.lower(w), target,
                                    fidelity), dense);
                    dense = p.dense();
                    SimResult r = p.result();
                    if (!r.fits()) {
                        // Not a rate: a point that does not fit says so.
                        rows.add(new SweepRow(hw.id(), phase.kind(), x, w.sparsity().toString(), Double.NaN,
                                Double.NaN, Double.NaN, p.flopProportionalSpeedup(), "does not fit"));
                        continue;
                    }
                    rows.add(new SweepRow(hw.id(), phase.kind(), x, w.sparsity().toString(), r.secondsPerStep(),
                            r.tokensPerSecond(), p.dense().fits() ? p.speedupVsDense() : Double.NaN,
                            p.flopProportionalSpeedup(), r.dominantBound().id()));
                }
            }
        }
        return rows;
    }


    /** The rows as a table, figures rounded for reading. */
    public static Table table(List<SweepRow> rows) {
        return Table.create("sweep",
                StringColumn.create("hw", rows.stream().map(SweepRow::hw)),
                StringColumn.create("phase", rows.stream().map(SweepRow::phase)),
                DoubleColumn.create("sparsity", rows.stream().mapToDouble(SweepRow::sparsity)),
                DoubleColumn.create("tokensPerSecond", rows.stream().mapToDouble(r -> round(r.tokensPerSecond(), 4))),
                DoubleColumn.create("secondsPerStep", rows.stream().mapToDouble(r -> round(r.secondsPerStep(), 4))),
                DoubleColumn.create("speedupVsDense", rows.stream().mapToDouble(r -> round(r.speedupVsDense(), 3))),
                DoubleColumn.create("flopSpeedup", rows.stream().mapToDouble(r -> round(r.flopSpeedup(), 3))),
                StringColumn.create("boundBy", rows.stream().map(SweepRow::boundBy)));
    }

    /** {@code x} to {@code digits} significant digits. */
    static double round(double x, int digits) {
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        return new java.math.BigDecimal(x).round(new java.math.MathContext(digits)).doubleValue();
    }
}
