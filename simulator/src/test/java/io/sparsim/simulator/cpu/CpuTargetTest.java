package io.sparsim.simulator.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CPU model's terms that follow the structure of Sparsim's token-panel kernels. */
class CpuTargetTest {
    private static final CpuProfile XEON = (CpuProfile) ProfileRegistry.bundled().get("intel-xeon-8480plus");

    private static KernelTime kernel(CpuProfile p, String name, long m, long n, long k, WeightSparsity s) {
        OpEstimate e = new CpuTarget(p).estimate(Gemm.forward("g", LayerType.UP, m, n, k, Precision.FP32, s),
                Fidelity.FAST);
        return Stream.concat(Stream.of(e.chosen()), e.alternatives().stream())
                .filter(t -> t.kernel().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void panelLargerThanL3IsReReadFromDramByEveryTask() {
        // Same nonzeros and column visits either way round; the 11008-deep panel (11008 x 64 x 4 B = 2.8 MB)
        // outgrows a 2 MiB L2 and is re-read by each of the 4096 / 64 tasks, from L3 while it fits there (no DRAM
        // bytes), from DRAM once it does not.
        WeightSparsity s = new WeightSparsity.Unstructured(0.7);
        double rowPointers = 4.0 * (4096 - 11008);
        double padding = 6 * (slicePadding(4096, 11008, 0.3) - slicePadding(11008, 4096, 0.3));
        assertEquals(0, kernel(XEON, "cpu-csr", 64, 4096, 11008, s).bytes()
                - kernel(XEON, "cpu-csr", 64, 11008, 4096, s).bytes() - rowPointers - padding, 1.0);
        CpuProfile smallL3 = new CpuProfile(XEON.id(), XEON.name(), XEON.sources(), XEON.cores(),
                XEON.threadsPerCore(), XEON.clock(), XEON.boostClock(), XEON.sustainedClock(), XEON.simd(),
                java.util.Map.of(Precision.FP32, XEON.flopsPerCycle(Precision.FP32)), new CpuProfile.Caches(
                XEON.caches().l1dPerCore(), XEON.caches().l2PerCore(), new io.sparsim.hwprofiles.units.Bytes(2 << 20)),
                XEON.memory(), XEON.powerWatts(), XEON.efficiency());
        KernelTime deep = kernel(smallL3, "cpu-csr", 64, 4096, 11008, s);
        KernelTime wide = kernel(smallL3, "cpu-csr", 64, 11008, 4096, s);
        assertEquals(64.0 * 11008 * 64 * 4, deep.bytes() - wide.bytes() - rowPointers - padding, 1.0);
        // At M = 4 CSR runs its row path, which has no panel.
        assertEquals(4 * (4096 - 11008), kernel(smallL3, "cpu-csr", 4, 4096, 11008, s).bytes()
                - kernel(smallL3, "cpu-csr", 4, 11008, 4096, s).bytes() - padding, 1.0);
    }

    /** Expected padding entries of 16-column slices: 1.766 standard deviations of Binomial(k, d) per column. */
    private static double slicePadding(long n, long k, double density) {
        return n * 1.766 * Math.sqrt(k * density * (1 - density));
    }

    @Test
    void csrStreamsItsSlicePadding() {
        // The suite's 4096 x 11008 weights pad 2.77 / 4.29 / 8.25% of their nonzeros at 50 / 70 / 90% (counted).
        double[] counted = {0.0277, 0.0429, 0.0825};
        double[] sparsity = {0.5, 0.7, 0.9};
        for (int i = 0; i < sparsity.length; i++) {
            double nnz = 11008.0 * 4096 * (1 - sparsity[i]);
            double activations = 4.0 * (4096 + 11008);
            double bytes = kernel(XEON, "cpu-csr", 1, 11008, 4096, new WeightSparsity.Unstructured(sparsity[i]))
                    .bytes() - 4.0 * 11008 - activations;
            assertEquals(1 + counted[i], bytes / (6 * nnz), 0.002, "sparsity " + sparsity[i]);
        }
    }

    @Test
    void columnVisitsCostPerColumnPerKBlockPerChunk() {
        CpuProfile.Efficiency e = XEON.efficiency();
        CpuProfile.SparseCost c = e.csr();
        CpuProfile withVisit = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(),
                e.singleStream(), e.gemmStream(), e.overlap(), new CpuProfile.SparseCost(c.gemv(), c.chunk(), c.vector(), c.scan(), 0), e.bitmask(),
                e.nm(), e.block()), List.of());
        CpuProfile moreVisit = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(),
                e.singleStream(), e.gemmStream(), e.overlap(), new CpuProfile.SparseCost(c.gemv(), c.chunk(), c.vector(), c.scan(), 100), e.bitmask(),
                e.nm(), e.block()), List.of());
        WeightSparsity s = new WeightSparsity.Unstructured(0.9);
        // M = 256: four 64-token chunks; a 64-wide panel block holds 32 KiB / 256 B = 128 rows, so
        // 11008 columns x 4096 / 128 blocks x 4 chunks visits, 100 cycles each, split over the cores.
        double visits = 11008.0 * (4096 / 128) * 4;
        double hz = XEON.sustainedClock().hertz();
        double extra = visits * 100 / XEON.cores() / hz;
        double t0 = kernel(withVisit, "cpu-csr", 256, 11008, 4096, s).seconds();
        double t1 = kernel(moreVisit, "cpu-csr", 256, 11008, 4096, s).seconds();
        // Compute-bound either way, so the extra cycles add in full.
        assertEquals(extra, t1 - t0, extra * 1e-9);
    }

    /** Seconds of FMA work of the dense kernel and of its DRAM stream (weight + activations in and out). */
    private static double[] denseMathAndMemory(CpuProfile p, long m, long n, long k) {
        double math = 2.0 * m * n * k / (p.flopsPerCycle(Precision.FP32) * p.efficiency().gemm()) / p.cores()
                / p.sustainedClock().hertz();
        double bytes = 4.0 * (n * k + m * k + m * n);
        double mem = bytes / (p.memory().bandwidth().bytesPerSecond() * p.efficiency().memory());
        return new double[] {math, mem};
    }

    @Test
    void denseStreamAndComputeAddExceptOnOnePass() {
        long n = 11008;
        long k = 4096;
        // With several token tiles the register-blocked path fetches each W micro-panel, then computes on it from
        // L1 for every tile: they add.
        for (long m : new long[] {9, 64, 256}) {
            double[] t = denseMathAndMemory(XEON, m, n, k);
            assertEquals(t[0] + t[1], kernel(XEON, "cpu-dense", m, n, k, WeightSparsity.DENSE).seconds(), 1e-12);
        }
        // One token tile (M <= 8) reads W once as it computes: prefetch hides the overlap share of the shorter phase,
        // as in the sparse kernels.
        for (long m : new long[] {2, 8}) {
            double[] t = denseMathAndMemory(XEON, m, n, k);
            assertEquals(Math.max(t[0], t[1]) + (1 - XEON.efficiency().overlap()) * Math.min(t[0], t[1]),
                    kernel(XEON, "cpu-dense", m, n, k, WeightSparsity.DENSE).seconds(), 1e-12);
        }
        // The GEMV (M = 1) hides its compute under the stream.
        double[] t1 = denseMathAndMemory(XEON, 1, n, k);
        assertEquals(Math.max(t1[0], t1[1]), kernel(XEON, "cpu-dense", 1, n, k, WeightSparsity.DENSE)
                .seconds(), 1e-12);
    }

    @Test
    void bitmaskGemvWalksOnlyWordsThatAreNotFull() {
        CpuProfile.Efficiency e = XEON.efficiency();
        CpuProfile.SparseCost b = e.bitmask();
        CpuProfile costly = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(),
                e.singleStream(), e.gemmStream(), e.overlap(), e.csr(), new CpuProfile.SparseCost(b.gemv() * 10, b.chunk(), b.vector(), b.scan(),
                b.visit()), e.nm(), e.block()), List.of());
        // A dense weight is all full words: the per-nonzero walk cost does not enter.
        WeightSparsity dense = new WeightSparsity.Unstructured(0);
        assertEquals(kernel(XEON, "cpu-bitmask", 1, 11008, 4096, dense).seconds(),
                kernel(costly, "cpu-bitmask", 1, 11008, 4096, dense).seconds(), 1e-15);
        // At 50% a full word is a 2^-64 event: every nonzero is walked, so the cost shows.
        WeightSparsity half = new WeightSparsity.Unstructured(0.5);
        double walked = kernel(XEON, "cpu-bitmask", 1, 11008, 4096, half).seconds();
        double walkedCostly = kernel(costly, "cpu-bitmask", 1, 11008, 4096, half).seconds();
        assertEquals(true, walkedCostly > walked * 1.01, walked + " vs " + walkedCostly);
    }

    @Test
    void oneStreamKernelsReadAtTheSingleStreamRate() {
        CpuProfile.Efficiency e = XEON.efficiency();
        CpuProfile half = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(), 0.5,
                e.gemmStream(), e.overlap(), e.csr(), e.bitmask(), e.nm(), e.block()), List.of());
        // The dense GEMV is all stream (its FMAs hide under it): half the rate, twice the time.
        double dense = kernel(XEON, "cpu-dense", 1, 11008, 4096, WeightSparsity.DENSE).seconds();
        assertEquals(2.0, kernel(half, "cpu-dense", 1, 11008, 4096, WeightSparsity.DENSE).seconds() / dense, 1e-9);
        WeightSparsity blocks = new WeightSparsity.Block(16, 16, 0.7);
        double block = kernel(XEON, "cpu-block", 1, 11008, 4096, blocks).seconds();
        assertTrue(kernel(half, "cpu-block", 1, 11008, 4096, blocks).seconds() > 1.2 * block);
        // The formats that walk several streams at once keep the full rate.
        for (String name : new String[] {"cpu-csr", "cpu-bitmask"}) {
            WeightSparsity u = new WeightSparsity.Unstructured(0.7);
            assertEquals(kernel(XEON, name, 1, 11008, 4096, u).seconds(),
                    kernel(half, name, 1, 11008, 4096, u).seconds(), 0.0, name);
        }
        WeightSparsity nm = new WeightSparsity.NM(2, 4);
        assertEquals(kernel(XEON, "cpu-nm", 1, 11008, 4096, nm).seconds(),
                kernel(half, "cpu-nm", 1, 11008, 4096, nm).seconds(), 0.0);
    }

    @Test
    void onlyTheDenseGemmReadsAtTheGemmStreamRate() {
        CpuProfile.Efficiency e = XEON.efficiency();
        CpuProfile bursts = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(),
                e.singleStream(), 0.5, e.overlap(), e.csr(), e.bitmask(), e.nm(), e.block()), List.of());
        WeightSparsity u = new WeightSparsity.Unstructured(0.7);
        // The GEMV streams steadily; the sparse kernels keep their own rate at every M.
        assertEquals(kernel(XEON, "cpu-dense", 1, 11008, 4096, WeightSparsity.DENSE).seconds(),
                kernel(bursts, "cpu-dense", 1, 11008, 4096, WeightSparsity.DENSE).seconds(), 0.0);
        assertEquals(kernel(XEON, "cpu-csr", 64, 11008, 4096, u).seconds(),
                kernel(bursts, "cpu-csr", 64, 11008, 4096, u).seconds(), 0.0);
        // Block16 reads its kept blocks as one stream at every M.
        WeightSparsity blocks = new WeightSparsity.Block(16, 16, 0.7);
        for (int m : new int[] {1, 64}) {
            assertEquals(kernel(XEON, "cpu-block", m, 11008, 4096, blocks).seconds(),
                    kernel(bursts, "cpu-block", m, 11008, 4096, blocks).seconds(), 0.0);
        }
        // The dense GEMM's stream adds to its compute, so half its rate adds one more stream time:
        // (W + activations) bytes at the GEMM's stream rate.
        double bytes = 4.0 * 4096 * 11008 + 4.0 * 8 * (4096 + 11008);
        double gemmRate = XEON.memory().bandwidth().bytesPerSecond() * e.memory() * e.singleStream() * e.gemmStream();
        double extra = kernel(bursts, "cpu-dense", 8, 11008, 4096, WeightSparsity.DENSE).seconds()
                - kernel(XEON, "cpu-dense", 8, 11008, 4096, WeightSparsity.DENSE).seconds();
        assertEquals(bytes / (gemmRate * 0.5) - bytes / gemmRate, extra, 1e-6 * extra);
    }

    @Test
    void theBlockGemmAddsItsOneStreamToItsCompute() {
        CpuProfile.Efficiency e = XEON.efficiency();
        CpuProfile slow = XEON.withEfficiency(XEON.name(), new CpuProfile.Efficiency(e.gemm(), e.memory(),
                e.singleStream() / 2, e.gemmStream(), e.overlap(), e.csr(), e.bitmask(), e.nm(), e.block()),
                List.of());
        WeightSparsity blocks = new WeightSparsity.Block(16, 16, 0.7);
        double bytes = Gemm.forward("g", LayerType.UP, 64, 11008, 4096, Precision.FP32, blocks).weightBytes()
                + 4.0 * 64 * (4096 + 11008);
        double rate = XEON.memory().bandwidth().bytesPerSecond() * e.memory() * e.singleStream();
        double extra = kernel(slow, "cpu-block", 64, 11008, 4096, blocks).seconds()
                - kernel(XEON, "cpu-block", 64, 11008, 4096, blocks).seconds();
        // Halving the rate adds one more stream time whichever phase is longer: the phases add.
        assertEquals(bytes / rate, extra, 1e-6 * extra);
    }
}
