package io.sparsim.validation.compare;

import io.sparsim.validation.measure.SampleStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the same cases' measurements moved between runs of one machine validated against one profile: the noise a
 * prediction is judged through. Each case measured in two or more of the files has a spread, its largest value over
 * its smallest minus one; for times the compared 10th percentiles, for the checked speedups
 * ({@link ValidationReport#isSpeedupCase}) the measured speedups over dense. No one prediction of a speedup measured {@code lo} and {@code hi} in two runs is
 * nearer to both than {@code (hi - lo) / (hi + lo)} (the prediction {@code 2·lo·hi / (lo + hi)} is that near to
 * each), so a case whose runs spread past {@code (1 + t) / (1 - t) - 1} (22% at t = 10%) misses the speedup check's
 * tolerance t in some run however it is predicted; below that, a miss is the prediction's.
 *
 * @param hwId                the profile the files were validated against
 * @param measuredOn          the machine they were all measured on ({@link ValidationReport#measuredOn})
 * @param files               runs compared
 * @param cases               cases measured in two or more of them
 * @param medianTimeSpread    median over those cases of the time spread
 * @param worstTimeSpread     the largest time spread
 * @param worstTimeCase       its case id
 * @param speedupCases        checked speedup cases measured in two or more runs
 * @param medianSpeedupSpread median over them of the measured-speedup spread (0 without any)
 * @param worstSpeedupSpread  the largest measured-speedup spread (0 without any)
 * @param worstSpeedupCase    its case id (empty without any)
 * @param speedupsNoPredictionHolds speedup cases that no one prediction holds within {@code tolerance} of every run
 * @param tolerance           the speedup check's tolerance
 */
public record Repeatability(String hwId, String measuredOn, int files, int cases, double medianTimeSpread,
                            double worstTimeSpread, String worstTimeCase, int speedupCases, double medianSpeedupSpread,
                            double worstSpeedupSpread, String worstSpeedupCase, int speedupsNoPredictionHolds,
                            double tolerance) {

    /**
     * One row per profile and machine that two or more of {@code reports} share, in the order they first appear; none
     * where no two files do. Files of two machines judged by one profile ({@code --hw}) differ by more than noise, so
     * they are never compared.
     */
    public static List<Repeatability> of(List<ValidationReport> reports, double tolerance) {
        Map<List<String>, List<ValidationReport>> groups = new LinkedHashMap<>();
        reports.forEach(r -> groups.computeIfAbsent(List.of(r.hwId(), r.measuredOn()), k -> new ArrayList<>()).add(r));
        List<Repeatability> rows = new ArrayList<>();
        groups.forEach((key, runs) -> {
            if (runs.size() >= 2) {
                rows.add(of(key.get(0), key.get(1), runs, tolerance));
            }
        });
        return rows;
    }

    private static Repeatability of(String hw, String machine, List<ValidationReport> runs, double tolerance) {
        Map<String, List<CaseComparison>> byCase = new LinkedHashMap<>();
        runs.forEach(r -> r.cases().forEach(c -> byCase.computeIfAbsent(c.measured().id(), k -> new ArrayList<>())
                .add(c)));
        Spreads times = new Spreads();
        Spreads speedups = new Spreads();
        byCase.forEach((id, seen) -> {
            if (seen.size() < 2) {
                return;
            }
            times.add(id, spread(seen.stream().mapToDouble(CaseComparison::measuredSeconds).toArray()));
            if (seen.stream().allMatch(ValidationReport::isSpeedupCase)) {
                speedups.add(id, spread(seen.stream().mapToDouble(CaseComparison::measuredSpeedup).toArray()));
            }
        });
        return new Repeatability(hw, machine, runs.size(), times.size(), times.median(), times.worst, times.worstId,
                speedups.size(), speedups.median(), speedups.worst, speedups.worstId,
                speedups.beyond((1 + tolerance) / (1 - tolerance) - 1),
                tolerance);
    }

    /** Largest over smallest, minus one. */
    static double spread(double[] values) {
        double lo = Arrays.stream(values).min().orElseThrow();
        double hi = Arrays.stream(values).max().orElseThrow();
        return hi / lo - 1;
    }

    /** The spreads of one kind, with the worst case's id. */
    private static final class Spreads {
        private final List<Double> values = new ArrayList<>();
        private double worst;
        private String worstId = "";

        void add(String id, double spread) {
            values.add(spread);
            if (spread > worst || worstId.isEmpty()) {
                worst = spread;
                worstId = id;
            }
        }

        int size() {
            return values.size();
        }

        double median() {
            return values.isEmpty() ? 0 : SampleStats.median(values);
        }

        int beyond(double spread) {
            return (int) values.stream().filter(s -> s > spread).count();
        }
    }
}
