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

    /** Samples of a case at {@code ms} milliseconds, 1% apart. */
    private static MeasuredCase at(String id, int m, Format format, double ms) {
        List<Double> s = List.of(ms * 1e-3, ms * 1.01e-3, ms * 1.02e-3);
        return MeasuredCase.of(id, m, 11008, 4096, "fp32", format == Format.DENSE ? "dense" : "unstructured:0.7",
                format, 2, s, "cpu");
    }

    /**
     * Four rounds each steady within itself, the dense GEMV at 4.3 ms in the first and 7.0-7.9 in the others (a Zen 5
     * calibration's): the memory bandwidth moved under the run, the median spread cannot see it, the rounds' spread does.
     * Only dense M = 1 cases count: a token-panel kernel's rounds move with how C2 compiled it.
     */
    @Test
    void aMemoryBandwidthThatMovesBetweenRoundsIsUnsteady() {
        double[] gemv = {4.3, 7.9, 7.4, 7.0};
        List<Measurement> forks = new ArrayList<>();
        for (double ms : gemv) {
            forks.add(new Measurement(Map.of(), List.of(at("dense-m1", 1, Format.DENSE, ms),
                    at("dense-m64", 64, Format.DENSE, 24), at("csr-m64", 64, Format.CSR, 15 * ms / 4.3))));
        }
        double rounds = Steadiness.denseGemvAcrossRounds(forks).orElseThrow();
        assertEquals(7.9 / 4.3, rounds, 1e-9, "the GEMV's slowest round over its fastest; csr's 1.84 not counted");
        List<MeasuredCase> all = new ArrayList<>();
        forks.forEach(f -> all.addAll(f.cases()));
        Map<String, String> host = Map.of(Steadiness.HOST_KEY, "1.02", Steadiness.ROUNDS_KEY, Double.toString(rounds));
        Steadiness s = Steadiness.of(new Measurement(host, MeasuredCase.pool(all)));
        assertFalse(s.steady(), s.describe());
        assertTrue(s.describe().contains("memory bandwidth moved between rounds"), s.describe());
        // Rounds within 13% of each other, as the committed runs whose fits held: steady.
        List<Measurement> quiet = List.of(new Measurement(Map.of(), List.of(at("dense-m1", 1, Format.DENSE, 4.0))),
                new Measurement(Map.of(), List.of(at("dense-m1", 1, Format.DENSE, 4.5))));
        double ok = Steadiness.denseGemvAcrossRounds(quiet).orElseThrow();
        assertTrue(Steadiness.of(new Measurement(Map.of(Steadiness.HOST_KEY, "1.02", Steadiness.ROUNDS_KEY,
                Double.toString(ok)), MeasuredCase.pool(all))).steady());
        assertTrue(Steadiness.denseGemvAcrossRounds(List.of(forks.get(0))).isEmpty(), "one round: nothing to compare");
    }
}
