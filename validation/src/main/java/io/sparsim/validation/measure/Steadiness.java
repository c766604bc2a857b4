package io.sparsim.validation.measure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How steady the machine was while a measurement ran, read from the timings themselves: the median over the cases
 * of each case's spread, p90 / p10 of its samples (cases with at least {@value #MIN_SAMPLES} samples). A kernel
 * timed back to back on a quiet machine repeats to within a few percent, so a wide typical spread means the host
 * was busy or its clock moved (a shared VM whose neighbours load the same cores), and the 10th percentiles are then
 * not the kernel's time but whatever the quieter moments allowed.
 *
 * <p>A suite timed in several JVMs records the spread within each JVM's samples ({@value #HOST_KEY} in the file's
 * host map) and that figure is used: across JVMs a kernel's time also moves with how C2 compiled it (10–20% for the
 * token-panel kernels on a quiet Zen 5), which the rounds are there to average out, not a sign of a busy host.
 * Files without it (one JVM, or older files) are judged by their pooled samples.
 *
 * <p>A suite timed in rounds also records how far the dense GEMV moved between them ({@value #ROUNDS_KEY}: for each
 * dense M = 1 case, its largest 10th percentile of a round over its smallest, the largest over the cases). The GEMV
 * streams its weight from DRAM, so its time is the machine's memory bandwidth, and a shared VM's neighbours can take
 * a third of that for minutes: every round then stays steady within itself, the median spread reads steady, and
 * whichever cases were timed in the slow stretch carry it into a fit (a Zen 5 calibration whose dense GEMV read 4.3 ms
 * in its first round and 7.0–7.9 in the other three fitted dense M = 8 at 6.5 ms where fresh suites measured 4.8,
 * and missed 7 of 40 speedups by up to 34%). Between the rounds of the runs whose fits held it moved 6–13%.
 *
 * <p>The bar, {@value #MAX_SPREAD}, for both: the project's committed calibration set was timed at median spreads of
 * 1.07 to 1.12, and the calibrated model is held to 8% error; a typical case that moves by more than 15% between its
 * 10th and 90th percentile cannot support that. On a busy shared VM the same suite read 2.9 to 3.2.
 *
 * @param medianSpread median over the cases of p90 / p10; NaN when no case has enough samples
 * @param cases        the cases it was taken over
 * @param roundSpread  the dense GEMV's spread between rounds ({@value #ROUNDS_KEY}); NaN where none was recorded
 */
public record Steadiness(double medianSpread, int cases, double roundSpread) {
    /** The widest median spread a measurement may have to be fitted or used to judge a model. */
    public static final double MAX_SPREAD = 1.15;
    /** Fewest samples a case needs for its spread to count. */
    public static final int MIN_SAMPLES = 3;
    /** The measurement host-map key of the median within-JVM spread, written by a suite timed in several JVMs. */
    public static final String HOST_KEY = "timingSpreadWithinForks";
    /** The measurement host-map key of the dense GEMV's spread between rounds, written by a suite timed in rounds. */
    public static final String ROUNDS_KEY = "denseGemvSpreadAcrossRounds";

    /**
     * For each dense M = 1 case timed in two or more of {@code forks}, its largest 10th percentile in one fork over
     * its smallest; the largest of those. Empty when no such case was timed twice.
     */
    public static OptionalDouble denseGemvAcrossRounds(List<Measurement> forks) {
        Map<String, double[]> range = new LinkedHashMap<>();
        for (Measurement f : forks) {
            for (MeasuredCase c : f.cases()) {
                if (c.format() == Format.DENSE && c.m() == 1 && c.p10Seconds() > 0) {
                    double[] r = range.computeIfAbsent(c.id(), k -> new double[] {Double.MAX_VALUE, 0, 0});
                    r[0] = Math.min(r[0], c.p10Seconds());
                    r[1] = Math.max(r[1], c.p10Seconds());
                    r[2]++;
                }
            }
        }
        return range.values().stream().filter(r -> r[2] >= 2).mapToDouble(r -> r[1] / r[0]).max();
    }

    /** The median over every (case, JVM) of p90 / p10 of that JVM's samples of the case; empty when none has enough. */
    public static OptionalDouble withinForks(List<Measurement> forks) {
        List<MeasuredCase> each = new ArrayList<>();
        forks.forEach(f -> each.addAll(f.cases()));
        Steadiness s = pooled(each);
        return s.cases() == 0 ? OptionalDouble.empty() : OptionalDouble.of(s.medianSpread());
    }

    public static Steadiness of(Measurement m) {
        double rounds = recorded(m, ROUNDS_KEY);
        double within = recorded(m, HOST_KEY);
        if (!Double.isNaN(within)) {
            return new Steadiness(within, m.cases().size(), rounds);
        }
        Steadiness s = pooled(m.cases());
        return new Steadiness(s.medianSpread, s.cases, rounds);
    }

    /** A spread the file's host map records under {@code key}; NaN where it records none this version reads. */
    private static double recorded(Measurement m, String key) {
        String text = m.host().get(key);
        if (text != null) {
            try {
                double v = Double.parseDouble(text);
                if (v >= 1 && Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // not a figure this version wrote: not used
            }
        }
        return Double.NaN;
    }

    private static Steadiness pooled(List<MeasuredCase> cases) {
        List<Double> spreads = new ArrayList<>();
        for (MeasuredCase c : cases) {
            if (c.samplesSeconds().size() >= MIN_SAMPLES && c.p10Seconds() > 0) {
                spreads.add(c.p90Seconds() / c.p10Seconds());
            }
        }
        if (spreads.isEmpty()) {
            return new Steadiness(Double.NaN, 0, Double.NaN);
        }
        Collections.sort(spreads);
        int n = spreads.size();
        double median = n % 2 == 1 ? spreads.get(n / 2) : (spreads.get(n / 2 - 1) + spreads.get(n / 2)) / 2;
        return new Steadiness(median, n, Double.NaN);
    }

    /**
     * True when the spreads there are to judge are within {@link #MAX_SPREAD}: the median one (no spread counts as
     * steady) and, where recorded, the dense GEMV's between rounds.
     */
    public boolean steady() {
        return withinSteady() && !(roundSpread > MAX_SPREAD);
    }

    private boolean withinSteady() {
        return cases == 0 || medianSpread <= MAX_SPREAD;
    }

    /** One line for people. */
    public String describe() {
        String rounds = Double.isNaN(roundSpread) ? ""
                : String.format(Locale.ROOT, "; dense GEMV between rounds %.2f", roundSpread);
        String verdict = !withinSteady() ? "UNSTEADY: the host was busy or its clock moved, so these times are not "
                + "the kernels' own"
                : roundSpread > MAX_SPREAD ? "UNSTEADY: the memory bandwidth moved between rounds (neighbours on a "
                        + "shared host), so rounds timed other cases on another machine"
                : "steady";
        if (cases == 0) {
            return "timing spread: no case has " + MIN_SAMPLES + " samples to judge it" + rounds
                    + (steady() ? "" : " (" + verdict + ")");
        }
        return String.format(Locale.ROOT, "timing spread: median p90/p10 %.2f over %d cases%s (%s; at most %.2f)",
                medianSpread, cases, rounds, verdict, MAX_SPREAD);
    }
}
