package io.sparsim.validation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationReportTest {

    private static CaseComparison sparse(String id, String spec, double sparsity, double measured, double predicted) {
        MeasuredCase c = MeasuredCase.of(id, 1, 64, 64, "fp32", spec, Format.CSR, 1, List.of(1e-3, 1.1e-3), "cpu");
        return new CaseComparison(c, "cpu-csr", 1e-3, measured, predicted, sparsity);
    }

    @Test
    void speedupCheckCountsOnlySparseCasesAtTheCheckedLevels() {
        MeasuredCase dense = MeasuredCase.of("d", 1, 64, 64, "fp32", "dense", Format.DENSE, 1, List.of(1e-3), "cpu");
        ValidationReport r = new ValidationReport("f", "hw", "cpu", List.of(), List.of(
                new CaseComparison(dense, "cpu-dense", 1e-3, 1.0, 1.0, 0),
                sparse("a", "unstructured:0.7", 0.7, 2.0, 2.1),     // +5%: within 10%
                sparse("b", "unstructured:0.7", 0.7, 2.0, 1.7),     // -15%
                sparse("c", "unstructured:0.8", 0.8, 2.0, 4.0),     // not a checked level
                sparse("e", "unstructured:0.5", 0.5, Double.NaN, Double.NaN)));  // no dense twin
        ValidationReport.SpeedupCheck s = r.speedupCheck(0.10);
        assertEquals(2, s.cases());
        assertEquals(1, s.within());
        assertEquals(0.15, s.maxError(), 1e-12);
    }
}
