package io.sparsim.validation.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.kernels.cpu.KernelPool;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuMeasureSuiteTest {
    @Test
    void smallRunProducesValidCasesAndReportsProgress() {
        CpuMeasureSuite.Shape shape = new CpuMeasureSuite.Shape(96, 80);
        List<CpuMeasureSuite.Case> cases = List.of(
                new CpuMeasureSuite.Case(1, shape, Format.DENSE, 0),
                new CpuMeasureSuite.Case(3, shape, Format.CSR, 0.7),
                new CpuMeasureSuite.Case(3, shape, Format.BITMASK, 0.7),
                new CpuMeasureSuite.Case(8, shape, Format.TWO_FOUR, 0.5),
                new CpuMeasureSuite.Case(8, shape, Format.BLOCK16, 0.5));
        List<String> progress = new ArrayList<>();
        try (KernelPool pool = new KernelPool(2)) {
            CpuMeasureSuite suite = new CpuMeasureSuite(pool, io.sparsim.kernels.KernelPaths.DEFAULT,
                    new CpuMeasureSuite.Timing(1, 3, 6, 0.2, 0.5, false, 0.05), 42);
            Measurement m = suite.run(cases, progress::add);
            assertEquals(cases.size(), m.cases().size());
            for (int i = 0; i < cases.size(); i++) {
                MeasuredCase mc = m.cases().get(i);
                assertEquals(cases.get(i).id(), mc.id());
                assertEquals(cases.get(i).format(), mc.format());
                assertEquals(96, mc.k());
                assertEquals(80, mc.n());
                assertEquals(2, mc.threads());
                assertTrue(mc.samplesSeconds().size() >= 3 && mc.samplesSeconds().size() <= 6);
                assertTrue(mc.p10Seconds() <= mc.medianSeconds() && mc.medianSeconds() <= mc.p90Seconds());
            }
            assertEquals("unstructured:0.7", m.cases().get(1).sparsity());
            assertEquals("2:4", m.cases().get(3).sparsity());
            assertEquals("block:16x16:0.5", m.cases().get(4).sparsity());
            assertEquals("cpu", m.host().get("backend"));
            assertFalse(m.host().get("javaVersion").isBlank());
            assertTrue(progress.stream().anyMatch(p -> p.startsWith("[5/5]")), progress.toString());
        }
    }

    @Test
    void forkedRoundsRunEachFormatApartAndKeepEverySampleInSuiteOrder() {
        CpuMeasureSuite.Suite quick = CpuMeasureSuite.Suite.QUICK;
        List<Format> asked = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        // A stand-in fork: one sample per case per round, 1 ms in round 1, 2 ms in round 2.
        CpuMeasureSuite.Fork fork = (format, round, rounds, out) -> {
            asked.add(format);
            out.accept("ran " + format.id());
            double t = round * 1e-3;
            List<MeasuredCase> cs = new ArrayList<>();
            for (CpuMeasureSuite.Case c : CpuMeasureSuite.cases(quick, format, round, rounds)) {
                cs.add(MeasuredCase.of(c.id(), c.m(), c.shape().n(), c.shape().k(), "fp32", c.sparsitySpec(),
                        c.format(), 2, List.of(t), "cpu"));
            }
            return new Measurement(CpuMeasureSuite.describeHost(2, io.sparsim.kernels.KernelPaths.DEFAULT), cs);
        };
        try (KernelPool pool = new KernelPool(1)) {
            Measurement m = new CpuMeasureSuite(pool, io.sparsim.kernels.KernelPaths.DEFAULT,
                    new CpuMeasureSuite.Timing(1, 3, 6, 0.2, 0.5, false, 0.05), 1)
                    .runForked(quick, 2, fork, progress::add);
            List<Format> formats = CpuMeasureSuite.formats(quick);
            assertEquals(5, formats.size());
            // Every format twice, then dense alone in its extra passes.
            List<Format> expected = new ArrayList<>(formats);
            expected.addAll(formats);
            for (int r = 0; r < CpuMeasureSuite.EXTRA_DENSE_ROUNDS; r++) {
                expected.add(Format.DENSE);
            }
            assertEquals(expected, asked);
            List<CpuMeasureSuite.Case> cases = CpuMeasureSuite.cases(quick);
            assertEquals(cases.size(), m.cases().size());
            List<Double> denseSamples = new ArrayList<>();
            for (int r = 1; r <= 2 + CpuMeasureSuite.EXTRA_DENSE_ROUNDS; r++) {
                denseSamples.add(r * 1e-3);
            }
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(cases.get(i).id(), m.cases().get(i).id());
                assertEquals(cases.get(i).format() == Format.DENSE ? denseSamples : List.of(1e-3, 2e-3),
                        m.cases().get(i).samplesSeconds());
            }
            assertEquals("2", m.host().get("rounds"));
            assertEquals(Integer.toString(2 + CpuMeasureSuite.EXTRA_DENSE_ROUNDS), m.host().get("denseRounds"));
            assertTrue(progress.contains("round 2/2, csr: ran csr"), progress.toString());
            assertTrue(progress.contains("round 4/4, dense: ran dense"), progress.toString());
        }
    }

    @Test
    void roundsRotateTheWeightGroupsSoNoWeightComesFirstTwice() {
        for (CpuMeasureSuite.Suite suite : CpuMeasureSuite.Suite.values()) {
            for (Format f : CpuMeasureSuite.formats(suite)) {
                List<CpuMeasureSuite.Case> base = CpuMeasureSuite.cases(suite, f);
                Set<String> firsts = new HashSet<>();
                for (int r = 1; r <= 3; r++) {
                    List<CpuMeasureSuite.Case> order = CpuMeasureSuite.cases(suite, f, r, 3);
                    assertEquals(new HashSet<>(base), new HashSet<>(order), f + " round " + r);
                    assertEquals(base.size(), order.size());
                    // Cases sharing a weight stay adjacent, so each weight is generated once per fork.
                    List<String> keys = new ArrayList<>();
                    for (CpuMeasureSuite.Case c : order) {
                        String k = c.shape() + "/" + c.sparsitySpec();
                        if (keys.isEmpty() || !keys.get(keys.size() - 1).equals(k)) {
                            assertTrue(!keys.contains(k), f + " round " + r + ": " + k + " split");
                            keys.add(k);
                        }
                    }
                    CpuMeasureSuite.Case first = order.get(0);
                    firsts.add(first.shape() + "/" + first.sparsitySpec());
                }
                long weights = base.stream().map(c -> c.shape() + "/" + c.sparsitySpec()).distinct().count();
                assertEquals(Math.min(3, weights), firsts.size(), f + " in " + suite);
            }
        }
        assertEquals(CpuMeasureSuite.cases(CpuMeasureSuite.Suite.QUICK, Format.CSR),
                CpuMeasureSuite.cases(CpuMeasureSuite.Suite.QUICK, Format.CSR, 1, 3));
    }

    @Test
    void coldCacheFlushIsLargerThanTheLastLevelCacheButBounded() {
        long bytes = CpuMeasureSuite.flushBytes();
        assertTrue(bytes >= 64L << 20 && bytes <= 2L << 30, "flush bytes " + bytes);
    }

    @Test
    void suitesCoverTheirShapesAndFormats() {
        List<CpuMeasureSuite.Case> full = CpuMeasureSuite.cases(CpuMeasureSuite.Suite.FULL);
        // 4 shapes × 4 M × (dense + 2:4 + 6 sparsities × 3 formats)
        assertEquals(4 * 4 * (2 + 6 * 3), full.size());
        Set<String> ids = new HashSet<>();
        full.forEach(c -> assertTrue(ids.add(c.id()), "duplicate id " + c.id()));
        List<CpuMeasureSuite.Case> quick = CpuMeasureSuite.cases(CpuMeasureSuite.Suite.QUICK);
        Set<String> quickIds = new HashSet<>();
        quick.forEach(c -> quickIds.add(c.id()));
        assertEquals(quick.size(), quickIds.size());
        assertTrue(ids.containsAll(quickIds), "quick must be a subset of full");
        for (Format f : Format.values()) {
            assertTrue(quick.stream().anyMatch(c -> c.format() == f), "quick lacks " + f);
        }
        for (int m : CpuMeasureSuite.TOKENS) {
            assertTrue(quick.stream().anyMatch(c -> c.m() == m && c.format() == Format.DENSE), "quick lacks dense m=" + m);
        }
    }
}
