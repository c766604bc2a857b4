package io.sparsim.validation.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeat runs of a case are pooled on every sample, not the last run's alone (calibrate, measure rounds). */
class MeasuredCasePoolTest {
    private static MeasuredCase run(String id, List<Double> samples) {
        return MeasuredCase.of(id, 64, 11008, 4096, "fp32", "unstructured:0.7", Format.CSR, 2, samples, "cpu");
    }

    @Test
    void samplesOfTheSameCaseArePooledInFileOrder() {
        List<MeasuredCase> pooled = MeasuredCase.pool(List.of(
                run("a", List.of(0.020, 0.021)), run("b", List.of(0.5)), run("a", List.of(0.010, 0.030))));
        assertEquals(2, pooled.size());
        assertEquals("a", pooled.get(0).id());
        assertEquals(List.of(0.020, 0.021, 0.010, 0.030), pooled.get(0).samplesSeconds());
        // The faster run's samples now set the 10th percentile.
        assertEquals(true, pooled.get(0).p10Seconds() < 0.020, "p10 " + pooled.get(0).p10Seconds());
        assertEquals(List.of(0.5), pooled.get(1).samplesSeconds());
    }
}
