package io.sparsim.validation.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SteadinessTest {
    private static final Path COMMITTED = Path.of("measurements");

    /** The same case timed {@code samples} times: every {@code every}-th sample {@code factor} slower. */
    static MeasuredCase timed(String id, int samples, int every, double factor) {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            s.add(0.004 * (1 + 0.01 * (i % 3)) * (i % every == every - 1 ? factor : 1));
        }
        return MeasuredCase.of(id, 1, 4096, 4096, "fp32", "dense", Format.DENSE, 2, s, "cpu");
    }

    @Test
    void everyCommittedCpuMeasurementIsSteady() throws Exception {
        // The calibration set was timed on a quiet machine: the gate must let all of it through.
        List<Path> files;
        try (Stream<Path> list = Files.list(COMMITTED)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            Steadiness s = Steadiness.of(new MeasurementReader().read(f));
            assertTrue(s.steady() && s.cases() > 0, f + ": " + s.describe());
        }
    }

    @Test
    void aBusyHostsTimingsAreUnsteady() {
        // Half the samples of every case 1.9x slower: the neighbours' phases of a shared VM.
        List<MeasuredCase> cases = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            cases.add(timed("c" + i, 10, 2, 1.9));
        }
        Steadiness s = Steadiness.of(new Measurement(Map.of(), cases));
        assertFalse(s.steady(), s.describe());
        assertEquals(9, s.cases());
        assertTrue(s.medianSpread() > 1.8 && s.describe().contains("UNSTEADY"), s.describe());
    }

    @Test
    void theMedianCaseDecidesNotOneOutlier() {
        List<MeasuredCase> cases = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cases.add(timed("quiet" + i, 10, 100, 1));
        }
        cases.add(timed("hit", 10, 2, 3.0));
        Steadiness s = Steadiness.of(new Measurement(Map.of(), cases));
        assertTrue(s.steady(), s.describe());
        assertTrue(s.medianSpread() < 1.05, s.describe());
    }

    @Test
    void casesWithTooFewSamplesAreNotJudged() {
        Steadiness s = Steadiness.of(new Measurement(Map.of(), List.of(timed("two", 2, 2, 5.0))));
        assertEquals(0, s.cases());
        assertTrue(s.steady());
        assertTrue(s.describe().contains("no case has"), s.describe());
    }

    @Test
    void aSuiteTimedInSeveralJvmsIsJudgedWithinEachJvm() {
        // Each JVM steady, but the second compiled the kernel 1.3x slower: pooled, p90/p10 reads 1.3; within, ~1.02.
        List<MeasuredCase> first = new ArrayList<>();
        List<MeasuredCase> second = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            first.add(timed("c" + i, 6, 100, 1));
            List<Double> slower = new ArrayList<>();
            timed("c" + i, 6, 100, 1).samplesSeconds().forEach(x -> slower.add(x * 1.3));
            second.add(MeasuredCase.of("c" + i, 1, 4096, 4096, "fp32", "dense", Format.DENSE, 2, slower, "cpu"));
        }
        double within = Steadiness.withinForks(List.of(new Measurement(Map.of(), first),
                new Measurement(Map.of(), second))).orElseThrow();
        assertTrue(within < 1.05, "within " + within);
        List<MeasuredCase> all = new ArrayList<>(first);
        all.addAll(second);
        Measurement pooled = new Measurement(Map.of(), MeasuredCase.pool(all));
        assertFalse(Steadiness.of(pooled).steady(), Steadiness.of(pooled).describe());
        Measurement recorded = new Measurement(Map.of(Steadiness.HOST_KEY, Double.toString(within)),
                MeasuredCase.pool(all));
        assertTrue(Steadiness.of(recorded).steady(), Steadiness.of(recorded).describe());
        assertEquals(within, Steadiness.of(recorded).medianSpread(), 1e-12);
    }
}
