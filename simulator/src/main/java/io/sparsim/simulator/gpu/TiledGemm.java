package io.sparsim.simulator.gpu;

import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.engine.ComputeUnit;
import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.SharedBandwidth;
import io.sparsim.simulator.engine.SimulationResult;
import io.sparsim.simulator.engine.Task;
import java.util.List;
import java.util.Locale;

/**
 * A tensor-core GEMM kernel C[m×n] = A[m×k]·B[k×n] split into CTA tiles that run in waves over the SMs.
 *
 * <p>Per CTA: tile math at the kernel's sustained rate per SM (padded tiles compute their padding), an
 * optional sparse-to-dense expansion on the CUDA cores (Flash-LLM), both pipelined against operand loads.
 * Operands come from L2 (every CTA reads its A and B panels) and from HBM (compulsory bytes when A and B fit
 * in half the L2, otherwise re-read once per wave rectangle that needs them). A wave takes the slowest of
 * its CTAs' math, its L2 bytes and its HBM bytes; the last, partial wave still pays a whole CTA's math (wave
 * quantization). Split-K trades more CTAs for an fp32 partial-sum reduction through memory. The kernel adds
 * launch overhead, a prologue (first k-stage load) and an epilogue (last C tile store).
 *
 * @param kernel          name reported in the breakdown
 * @param mathFlopsPerSecond sustained tensor rate of the whole GPU for this kernel (peak x efficiency),
 *                        in dense-equivalent FLOP/s
 * @param mathFraction    fraction of the tile math executed (block sparsity skips zero blocks), in (0, 1]
 * @param bBytesPerElement bytes per element of B's dense shape as stored (compressed for sparse kernels)
 * @param expandElementsPerSecondPerSm Flash-LLM-style expansion rate of B tiles to dense in shared memory,
 *                        elements per second per SM; +Infinity when B is used as stored
 * @param tiles           the tile shapes this kernel family offers; the best is chosen
 * @param rowGranule      rows of A the math is padded to: the MMA's token side for tensor-core kernels (8 with
 *                        the operands swapped so tokens sit on the MMA's n side), 1 for CUDA-core kernels, the
 *                        whole tile for kernels without a skinny variant
 * @param maxSplitK       the most k-slices the kernel splits into (1: no split-K, as cuSPARSELt and CUTLASS's
 *                        sparse GEMMs run)
 */
record TiledGemm(String kernel, double mathFlopsPerSecond, double mathFraction, double bBytesPerElement,
                 double expandElementsPerSecondPerSm, List<Tile> tiles, int rowGranule, int maxSplitK) {

    /** Two bounds within this fraction of each other are reported as a tie ({@code compute≈l2}). */
    static final double TIE = 0.05;

    /** A CTA tile shape (and the k-step its pipeline loads per stage). */
    record Tile(int m, int n, int k) {
        @Override
        public String toString() {
            return m + "x" + n + "x" + k;
        }
    }

    /** Elements of C and partial sums: outputs in the input precision (at least 2 bytes), partials in fp32. */
    private static final int PARTIAL_BYTES = 4;

    /** The time of the best tile/split-K choice. */
    KernelTime time(GpuMachine gpu, long m, long n, long k, int aBytes, int cBytes, Fidelity fidelity) {
        Plan best = null;
        for (Tile t : tiles) {
            for (int split = 1; split <= maxSplitK; split *= 2) {
                long kSlice = ceilDiv(k, split);
                if (split > 1 && kSlice < 4L * t.k()) {
                    break;
                }
                Plan p = plan(gpu, t, split, m, n, k, aBytes, cBytes);
                if (best == null || p.seconds < best.seconds) {
                    best = p;
                }
                if ((long) ceilDiv(m, t.m()) * ceilDiv(n, t.n()) * split >= gpu.sms()) {
                    break; // enough CTAs: more splits only add reduction traffic
                }
            }
        }
        double seconds = fidelity == Fidelity.DETAILED ? detailed(gpu, best) : best.seconds;
        String detail = String.format(Locale.ROOT,
                "tile %s, split-k %d, %d CTAs in %.2f waves over %d SMs; math at %.1f TFLOP/s sustained; "
                        + "per-wave sums: math %.3g s, L2 %.3g s, HBM %.3g s; B stored at %.3g bytes/element",
                best.tile, best.split, best.ctas, (double) best.ctas / gpu.sms(), gpu.sms(),
                mathFlopsPerSecond / 1e12, best.computeSum, best.l2Sum, best.hbmSum, bBytesPerElement);
        return new KernelTime(kernel, seconds, best.hbmBytes, best.bound, detail, best.tie);
    }

    /** Closed-form per-wave model (fast fidelity), also the source of the detailed model's demands. */
    private Plan plan(GpuMachine gpu, Tile t, int split, long m, long n, long k, int aBytes, int cBytes) {
        long gm = ceilDiv(m, t.m());
        long gn = ceilDiv(n, t.n());
        long kSlice = ceilDiv(k, split);
        long ctas = gm * gn * split;
        int sms = gpu.sms();
        long waves = ceilDiv(ctas, sms);

        long mathRows = Math.min(t.m(), ceilDiv(m, rowGranule) * rowGranule);
        double ctaMath = 2.0 * mathRows * t.n() * kSlice * mathFraction / (mathFlopsPerSecond / sms);
        double ctaExpand = Double.isInfinite(expandElementsPerSecondPerSm) ? 0
                : (double) kSlice * t.n() / expandElementsPerSecondPerSm;
        double ctaCompute = Math.max(ctaMath, ctaExpand);
        // Tensor cores compute the padded tile, but TMA/cp.async do not fetch rows past the matrix edge.
        double ctaL2Bytes = kSlice * (Math.min(t.m(), m) * (double) aBytes + Math.min(t.n(), n) * bBytesPerElement);

        double aTotal = (double) m * k * aBytes;
        double bTotal = (double) n * k * bBytesPerElement;
        double cTotal = (double) m * n * cBytes;
        double partials = split > 1 ? 2.0 * split * m * n * PARTIAL_BYTES : 0;
        double operandHbm;
        if (aTotal + bTotal <= gpu.l2Bytes() / 2) {
            operandHbm = aTotal + bTotal;
        } else {
            // A wave covers a near-square rectangle of output tiles; panels outside it are re-read later.
            long perWave = Math.min(ctas, sms) / split;
            long rows = Math.max(1, Math.min(gm, (long) Math.ceil(Math.sqrt(Math.max(1, perWave)))));
            long cols = Math.max(1, Math.min(gn, ceilDiv(Math.max(1, perWave), rows)));
            operandHbm = aTotal * ceilDiv(gn, cols) + bTotal * ceilDiv(gm, rows);
        }
        double hbmTotal = operandHbm + cTotal + partials;
        double ctaHbmBytes = hbmTotal / ctas;

        double total = 0;
        double computeSum = 0;
        double l2Sum = 0;
        double hbmSum = 0;
        for (long w = 0; w < waves; w++) {
            long inWave = Math.min(sms, ctas - w * sms);
            double tCompute = ctaCompute;
            double tL2 = inWave * ctaL2Bytes / gpu.l2BytesPerSecond();
            double tHbm = inWave * ctaHbmBytes / gpu.hbmBytesPerSecond();
            total += Math.max(tCompute, Math.max(tL2, tHbm));
            computeSum += tCompute;
            l2Sum += tL2;
            hbmSum += tHbm;
        }
        double prologue = t.k() * (Math.min(t.m(), m) * (double) aBytes + Math.min(t.n(), n) * bBytesPerElement)
                / (gpu.l2BytesPerSecond() / sms);
        double epilogue = (double) Math.min(t.m(), m) * Math.min(t.n(), n) * cBytes / (gpu.hbmBytesPerSecond() / sms);
        double fixed = gpu.launchSeconds() + prologue + epilogue;
        Bound computeBound = ctaExpand > ctaMath ? Bound.SPARSE_OVERHEAD : Bound.COMPUTE;
        java.util.Map<Bound, Double> sums = new java.util.EnumMap<>(Bound.class);
        sums.put(computeBound, computeSum);
        sums.put(Bound.L2, l2Sum);
        sums.put(Bound.HBM, hbmSum);
        sums.put(Bound.LAUNCH, fixed);
        List<java.util.Map.Entry<Bound, Double>> ranked = sums.entrySet().stream()
                .sorted(java.util.Map.Entry.<Bound, Double>comparingByValue().reversed()).toList();
        Bound bound = ranked.get(0).getKey();
        Bound tie = ranked.get(1).getValue() >= (1 - TIE) * ranked.get(0).getValue() ? ranked.get(1).getKey() : null;
        return new Plan(t, split, ctas, ctaCompute, ctaL2Bytes, ctaHbmBytes, hbmTotal, fixed, total + fixed, bound,
                tie, computeSum, l2Sum, hbmSum);
    }

    /**
     * Plays the chosen plan on the engine: one compute unit per SM, L2 and HBM as shared bandwidth, one task
     * per CTA, CTAs dealt to SMs round-robin and run back to back on each SM.
     */
    private static double detailed(GpuMachine gpu, Plan p) {
        EngineBuilder b = new EngineBuilder();
        int sms = gpu.sms();
        for (int s = 0; s < sms; s++) {
            b.addResource(new ComputeUnit("sm" + s, 1.0));
        }
        b.addResource(new SharedBandwidth("l2", gpu.l2BytesPerSecond()));
        b.addResource(new SharedBandwidth("hbm", gpu.hbmBytesPerSecond()));
        for (long c = 0; c < p.ctas; c++) {
            int sm = (int) (c % sms);
            Task.Builder t = Task.builder("c" + c).lane("sm" + sm)
                    .demand("sm" + sm, p.ctaComputeSeconds)
                    .demand("l2", p.ctaL2Bytes)
                    .demand("hbm", p.ctaHbmBytes);
            if (c >= sms) {
                t.after("c" + (c - sms));
            }
            b.addTask(t.build());
        }
        SimulationResult r = b.build().run();
        return r.makespanSeconds() + p.fixedSeconds;
    }

    private record Plan(Tile tile, int split, long ctas, double ctaComputeSeconds, double ctaL2Bytes,
                        double ctaHbmBytes, double hbmBytes, double fixedSeconds, double seconds, Bound bound,
                        Bound tie, double computeSum, double l2Sum, double hbmSum) {}

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
