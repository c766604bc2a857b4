package io.sparsim.validation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatabilityTest {

    /** A case timed at {@code seconds} (its only sample, so its 10th percentile) with a measured speedup. */
    private static CaseComparison run(String id, Format format, double sparsity, double seconds, double speedup) {
        MeasuredCase c = MeasuredCase.of(id, 1, 64, 64, "fp32", format == Format.DENSE ? "dense"
                : "unstructured:" + sparsity, format, 1, List.of(seconds), "cpu");
        return new CaseComparison(c, "cpu", seconds, speedup, speedup, sparsity);
    }

    private static ValidationReport report(String hw, CaseComparison... cases) {
        return report(hw, "amd-epyc-f26m2, kernels 2+bitmask-expand", cases);
    }

    private static ValidationReport report(String hw, String machine, CaseComparison... cases) {
        return new ValidationReport("f", hw, machine, List.of(), List.of(cases));
    }

    @Test
    void spreadsCompareTheSameCasesAcrossRunsOfOneProfile() {
        ValidationReport first = report("zen5",
                run("d", Format.DENSE, 0, 4e-3, 1.0),
                run("a", Format.CSR, 0.7, 2e-3, 2.0),
                run("b", Format.CSR, 0.9, 1e-3, 4.0),
                run("c", Format.BITMASK, 0.5, 3e-3, 1.0),
                run("only-here", Format.CSR, 0.7, 9e-3, 0.5));
        ValidationReport second = report("zen5",
                run("d", Format.DENSE, 0, 4.4e-3, 1.0),    // time +10%
                run("a", Format.CSR, 0.7, 2e-3, 2.3),       // speedup +15%: 2.14 is within 7% of both runs
                run("b", Format.CSR, 0.9, 1.05e-3, 3.8),    // speedup 4.0 over 3.8: +5.3%
                run("c", Format.BITMASK, 0.5, 3e-3, 1.25)); // +25%: nothing is within 10% of 1.0 and 1.25
        ValidationReport elsewhere = report("intel", run("a", Format.CSR, 0.7, 5e-3, 1.0));

        List<Repeatability> rows = Repeatability.of(List.of(first, elsewhere, second), 0.10);

        assertEquals(1, rows.size(), "a profile with one file has nothing to compare");
        Repeatability r = rows.get(0);
        assertEquals("zen5", r.hwId());
        assertEquals(2, r.files());
        assertEquals(4, r.cases(), "d, a, b and c are in both runs; only-here is not");
        assertEquals(0.10, r.worstTimeSpread(), 1e-9);
        assertEquals("d", r.worstTimeCase());
        assertEquals(0.025, r.medianTimeSpread(), 1e-9, "spreads 0.10, 0, 0.05, 0");
        assertEquals(3, r.speedupCases(), "dense is no speedup case");
        assertEquals(0.25, r.worstSpeedupSpread(), 1e-9);
        assertEquals("c", r.worstSpeedupCase());
        assertEquals(0.15, r.medianSpeedupSpread(), 1e-9);
        assertEquals(1, r.speedupsNoPredictionHolds(), "only c's runs spread past 1.1 / 0.9 - 1 = 22%");
    }

    /** One profile given by --hw to files of two machines: the machines' difference is not run-to-run noise. */
    @Test
    void filesOfTwoMachinesAreNotComparedUnderOneProfile() {
        ValidationReport zen5 = report("host", "amd-epyc-f26m2, kernels 2", run("a", Format.CSR, 0.7, 2e-3, 2.0));
        ValidationReport intel = report("host", "intel-xeon-processor, kernels 2", run("a", Format.CSR, 0.7, 5e-3, 1.2));
        assertEquals(List.of(), Repeatability.of(List.of(zen5, intel), 0.10));
        ValidationReport zen5Again = report("host", "amd-epyc-f26m2, kernels 2", run("a", Format.CSR, 0.7, 2e-3, 2.1));
        List<Repeatability> rows = Repeatability.of(List.of(zen5, intel, zen5Again), 0.10);
        assertEquals(1, rows.size());
        assertEquals("amd-epyc-f26m2, kernels 2", rows.get(0).measuredOn());
        assertEquals(0.05, rows.get(0).worstSpeedupSpread(), 1e-9, "2.1 over 2.0, not 2.1 over 1.2");
    }

    @Test
    void noRowsWhenEveryFileHasItsOwnProfile() {
        assertEquals(List.of(), Repeatability.of(List.of(report("a", run("x", Format.CSR, 0.7, 1e-3, 2.0)),
                report("b", run("x", Format.CSR, 0.7, 1e-3, 2.0))), 0.10));
    }
}
