package io.sparsim.simulator.cpu;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.engine.ComputeUnit;
import io.sparsim.simulator.engine.EngineBuilder;
import io.sparsim.simulator.engine.SharedBandwidth;
import io.sparsim.simulator.engine.Task;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.Pass;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;

/**
 * The CPU mapper, describing the kernels of Sparsim's own CPU backend. Work is split over the cores by output
 * columns; each core runs its share at its SIMD rate while all cores share the DRAM bandwidth.
 * DRAM is read at three rates: {@code efficiency.memory} of the peak by kernels that keep several weight streams
 * in flight per thread (csr, 2:4 and bitmask), {@code efficiency.singleStream} of that by the ones that read
 * their weight as one stream per thread (the dense GEMV, block16 at every M), and {@code efficiency.gemmStream}
 * of that by the dense register-blocked GEMM (M ≥ 2), which fetches it a micro-panel at a time.
 * <ul>
 *   <li>{@code cpu-dense}: cache-blocked GEMM at {@code efficiency.gemm} of the FMA peak; W streamed from DRAM
 *       once, activations reused from cache. The GEMV (M = 1, one FMA per loaded vector) hides its compute
 *       under the stream; the register-blocked path does not: each W micro-panel is fetched while the first
 *       A tile's FMAs wait on it and then reused from L1 by the other tiles, with nothing fetching the next
 *       one meanwhile (the hardware prefetcher runs only a few lines ahead), so stream and compute add: a
 *       measured M sweep is a line, a fixed stream time plus a time per token.
 *   <li>{@code cpu-csr}, {@code cpu-bitmask} (unstructured), {@code cpu-nm} (N:M), {@code cpu-block} (blocks):
 *       each stored nonzero costs the format's cycles per SIMD vector of tokens; the compressed weight
 *       (values + format metadata) streams from DRAM. Block16 runs a register-blocked micro-kernel
 *       ({@value KernelGeometry#TOKEN_TILE} tokens × {@value KernelGeometry#BLOCK_SIDE} columns) inside each
 *       kept block and, as the dense kernel, hides its GEMV compute under the stream and adds stream and
 *       compute in its GEMM. Its stream runs at the one-stream rate, not the dense GEMM's slower one: the kept
 *       blocks lie one after another in a block column, read front to back.
 * </ul>
 * The runtime picks the fastest, so a sparse format only shows where it beats dense.
 */
public final class CpuTarget implements Target {
    /** CSR column index bytes (16-bit, rows of LLaMA layers are narrower than 65,536). */
    private static final int CSR_INDEX_BYTES = 2;
    /** Expected maximum of 16 independent standard normal draws (order statistics tables: 1.7660). */
    private static final double MAX_OF_16_NORMALS = 1.766;
    /** Row pointer bytes per row (int32). */
    private static final int ROW_POINTER_BYTES = 4;
    /** Block index bytes per kept block (int32). */
    private static final int BLOCK_INDEX_BYTES = 4;

    /** How many weight streams a kernel keeps in flight per thread, which sets its DRAM rate. */
    private enum Streams {
        /** One ({@code efficiency.singleStream} of the rate): the dense GEMV, block16 at every M. */
        ONE,
        /** Several (the full {@code efficiency.memory} rate): csr, 2:4, bitmask. */
        SEVERAL,
        /** One, fetched in bursts ({@code efficiency.gemmStream} of the one-stream rate): the dense GEMM (M ≥ 2). */
        BURSTS
    }

    private final CpuProfile profile;
    private final double dramBytesPerSecond;
    /**
     * The kernels' inner paths this model describes ({@link KernelPaths}; the default ones unless given): they name
     * the csr M = 1 loop in the description, while its cost comes from the profile, whose calibration is filed under
     * the kernels' version, paths included.
     */
    private final KernelPaths paths;

    public CpuTarget(CpuProfile profile) {
        this(profile, KernelPaths.DEFAULT);
    }

    public CpuTarget(CpuProfile profile, KernelPaths paths) {
        this.profile = profile;
        this.paths = paths;
        this.dramBytesPerSecond = profile.memory().bandwidth().bytesPerSecond() * profile.efficiency().memory();
    }

    @Override
    public String hardwareId() {
        return profile.id();
    }

    private double peak(Precision p) {
        return profile.sustainedPeak(p).flopsPerSecond();
    }

    private double roofline(Op op, Precision p) {
        return Math.max(op.flops() / peak(p), op.minBytes() / profile.memory().bandwidth().bytesPerSecond());
    }

    @Override
    public OpEstimate estimate(Op op, Fidelity fidelity) {
        if (op instanceof Gemm g) {
            return gemm(g, fidelity);
        }
        Precision p = op instanceof io.sparsim.workloads.ops.Attention a ? a.precision() : Precision.FP32;
        double math = op.flops() / (peak(p) * profile.efficiency().gemm());
        double mem = op.minBytes() / dramBytesPerSecond;
        KernelTime t = new KernelTime("cpu-" + op.getClass().getSimpleName().toLowerCase(Locale.ROOT),
                Math.max(math, mem), op.minBytes(), math >= mem ? Bound.COMPUTE : Bound.DRAM, "one parallel loop");
        return OpEstimate.fastest(op, roofline(op, p), List.of(t));
    }

    private OpEstimate gemm(Gemm g, Fidelity fidelity) {
        Precision p = g.precision();
        int b = p.bytes();
        long m = g.m();
        long n = g.n();
        long k = g.k();
        double activations = (double) m * k * b + (double) m * n * b;
        List<KernelTime> kernels = new ArrayList<>();
        double denseFlops = 2.0 * m * n * k;
        double denseCyclesTotal = denseFlops / (profile.flopsPerCycle(p) * profile.efficiency().gemm());
        kernels.add(kernel(KernelId.DENSE, denseCyclesTotal, (double) n * k * b + activations, fidelity, g,
                "cache-blocked GEMM at " + profile.efficiency().gemm() + " of the FMA peak",
                m == 1 ? Streams.ONE : Streams.BURSTS, registerBlockedExposure(KernelId.DENSE, m)));

        WeightSparsity s = g.sparsity();
        if (g.sparseOperand() == Gemm.SparseOperand.B && g.pass() == Pass.FORWARD) {
            double nnz = g.weightNonzeros();
            var e = profile.efficiency();
            double lanes = profile.simd().widthBits() / 32.0;
            if (s instanceof WeightSparsity.Unstructured u) {
                // Padding streams on every path; only the row path's gathers compute on it.
                double entries = nnz + slicePadding(u, n, k);
                int csrRowPath = KernelGeometry.rowPathTokens(KernelId.CSR);
                double csrWalked = m <= csrRowPath ? entries : nnz;
                kernels.add(kernel(KernelId.CSR, cycles(e.csr(), csrRowPath, csrWalked, n * k, m,
                                panelVisits(KernelId.CSR, n, k, m), lanes),
                        entries * (b + CSR_INDEX_BYTES) + (double) n * ROW_POINTER_BYTES + activations
                                + panelRereadBytes(n, k, m, csrRowPath), fidelity, g,
                        "sliced CSR (16 columns a slice), 16-bit row indices, " + csrLoopNote(m), Streams.SEVERAL,
                        this::partlyHidden));
                // The M = 1 walk takes a full mask word (a dense run of 64) as vector FMAs at the stream's pace.
                double walked = m == 1 ? nnz - denseWordNonzeros(u, (double) n * k) : nnz;
                int bitmaskRowPath = KernelGeometry.rowPathTokens(KernelId.BITMASK);
                kernels.add(kernel(KernelId.BITMASK, cycles(e.bitmask(), bitmaskRowPath, walked, n * k, m,
                                panelVisits(KernelId.BITMASK, n, k, m), lanes),
                        nnz * b + Math.ceil((double) n * k / 8) + activations
                                + panelRereadBytes(n, k, m, bitmaskRowPath), fidelity,
                        g, "bitmask + packed values", Streams.SEVERAL, this::partlyHidden));
            } else if (s instanceof WeightSparsity.NM) {
                int nmRowPath = KernelGeometry.rowPathTokens(KernelId.TWO_FOUR);
                kernels.add(kernel(KernelId.TWO_FOUR, cycles(e.nm(), nmRowPath, nnz, n * k, m,
                                panelVisits(KernelId.TWO_FOUR, n, k, m), lanes),
                        g.weightBytes() + activations + panelRereadBytes(n, k, m, nmRowPath), fidelity, g,
                        s + " values + indices", Streams.SEVERAL, this::partlyHidden));
            } else if (s instanceof WeightSparsity.Block) {
                double blockVisits = Math.ceil((double) n / KernelGeometry.BLOCK_SIDE)
                        * Math.ceil((double) m / KernelGeometry.TOKEN_TILE);
                kernels.add(kernel(KernelId.BLOCK16, cycles(e.block(), 1, nnz, n * k, m, blockVisits,
                                KernelGeometry.TOKEN_TILE),
                        g.weightBytes() + activations, fidelity, g, s + " kept blocks", Streams.ONE,
                        registerBlockedExposure(KernelId.BLOCK16, m)));
            }
        }
        return OpEstimate.fastest(g, roofline(g, p), kernels);
    }

    /**
     * Core cycles of a sparse kernel over {@code positions} weight positions holding {@code nnz} nonzeros
     * for {@code m} tokens: per nonzero, up to {@code rowPathTokens} tokens the row path (one pass over the
     * weight per token, lanes across 16 columns: cost {@code gemv} per nonzero per token), beyond it a
     * per-chunk cost (Sparsim's kernels walk the tokens in chunks of up to {@value KernelGeometry#TOKEN_CHUNK}) plus a
     * cost per {@code tokensPerVector} tokens (the token-panel kernels spread tokens across a SIMD vector's
     * lanes; block16 broadcasts each of a tile's 8 tokens against a vector of 16 columns); and per chunk a
     * scan of the format's structure (mask words, granule tables) that does not shrink with density, and on
     * the multi-token path {@code visits} column visits.
     */
    /** The csr loop that runs for {@code m} tokens with this model's paths, as the kernel dispatches. */
    private String csrLoopNote(long m) {
        return switch (KernelGeometry.csrLoop(m, paths)) {
            case GATHER -> "hardware gathers of A (gemv cost per nonzero and token)";
            case SCALAR_LOADS -> "scalar index and A loads, no gathers (gemv cost per nonzero)";
            case TOKEN_PANELS -> "token panels (chunk and vector costs per nonzero)";
        };
    }

    private double cycles(CpuProfile.SparseCost c, int rowPathTokens, double nnz, double positions, long m,
            double visits, double tokensPerVector) {
        double chunks = Math.ceil((double) m / KernelGeometry.TOKEN_CHUNK);
        double scan = positions / 64 * chunks * c.scan();
        if (m <= rowPathTokens) {
            return nnz * c.gemv() * m + scan;
        }
        return nnz * (chunks * c.chunk() + Math.ceil(m / tokensPerVector) * c.vector()) + scan + visits * c.visit();
    }

    /**
     * Token-panel bytes fetched from DRAM on the multi-token path: every task of
     * {@value KernelGeometry#PANEL_TASK_COLUMNS} columns reads the whole k × chunk-width fp32 panel. A panel that
     * outgrows L2 is re-read by every task from L3, which keeps pace with the compute: per task the kernel does
     * about 2·64·k·d·width flops against 4·k·width bytes, a few GB/s per core at its rate, far under any L3's. Only
     * a panel larger than the L3 comes back from DRAM. Charged at the DRAM rate from L2 on, the re-reads put csr and
     * 2:4 at k = 11008, M = 64 16-29% over the Zen 5 VM's measurements (a 2.8 MiB panel against its 1 MiB L2 and
     * 32 MiB L3), and moved none of the Intel host's cases.
     */
    private double panelRereadBytes(long n, long k, long m, int rowPathTokens) {
        long width = KernelGeometry.panelWidth(m);
        double panelBytes = 4.0 * k * width;
        if (m <= rowPathTokens || panelBytes <= profile.caches().l3Total().bytes()) {
            return 0;
        }
        double chunks = Math.ceil((double) m / width);
        return Math.ceil((double) n / KernelGeometry.PANEL_TASK_COLUMNS) * chunks * panelBytes;
    }

    /**
     * Column visits of the token-panel kernels: every column once per k-block per token chunk
     * ({@link KernelGeometry#panelVisits}), so narrow chunks walk W in fewer, longer blocks.
     */
    private static double panelVisits(KernelId kernel, long n, long k, long m) {
        return KernelGeometry.panelVisits(kernel, n, k, m);
    }

    /**
     * A kernel of {@code cycles} core cycles in all and {@code bytes} from DRAM, split evenly over the cores.
     * Detailed fidelity plays one task per core on the engine with DRAM as a shared bandwidth.
     */
    private KernelTime kernel(KernelId id, double cycles, double bytes, Fidelity fidelity, Gemm g, String how,
            Streams streams, DoubleBinaryOperator exposed) {
        int cores = profile.cores();
        double hz = profile.sustainedClock().hertz();
        double math = cycles / cores / hz;
        var e = profile.efficiency();
        double dram = dramBytesPerSecond * switch (streams) {
            case ONE -> e.singleStream();
            case SEVERAL -> 1;
            case BURSTS -> e.singleStream() * e.gemmStream();
        };
        double mem = bytes / dram;
        double seconds;
        if (fidelity == Fidelity.DETAILED) {
            EngineBuilder eb = new EngineBuilder();
            eb.addResource(new SharedBandwidth("dram", dram));
            long n = g.n();
            for (int c = 0; c < cores; c++) {
                // Output columns dealt in contiguous panels; a core's share of work follows its columns.
                long lo = n * c / cores;
                long hi = n * (c + 1) / cores;
                double share = (double) (hi - lo) / n;
                eb.addResource(new ComputeUnit("core" + c, hz));
                eb.addTask(Task.builder("panel" + c).lane("core" + c)
                        .demand("core" + c, cycles * share)
                        .demand("dram", bytes * share).build());
            }
            seconds = eb.build().run().makespanSeconds();
        } else {
            seconds = Math.max(math, mem);
        }
        seconds += exposed.applyAsDouble(math, mem);
        Bound bound = math >= mem ? (id == KernelId.DENSE ? Bound.COMPUTE : Bound.SPARSE_OVERHEAD) : Bound.DRAM;
        return new KernelTime(id.modelName(), seconds, bytes, bound,
                String.format(Locale.ROOT, "%s; %d cores, %.3g cycles, %.3g bytes", how, cores, cycles, bytes));
    }

    /**
     * What the register-blocked kernels ({@code kernel}: dense or block16) leave exposed of the shorter phase. The
     * dense GEMV (one FMA per loaded vector) hides its compute under the stream. Block16's GEMV does not: per row of a
     * kept block it looks up the block's row index and broadcasts one activation, and each block column restarts its
     * walk, so like the sparse kernels it leaves part of its compute exposed. Fully hidden, its M = 1 time was its
     * stream's, and every block16 M = 1 case of the Zen 5 VM's calibration and fresh runs ran 5-12% over it, the
     * fit's own cases too. With one token tile ({@value KernelGeometry#TOKEN_TILE} tokens or fewer) the GEMM also
     * reads each W piece once, as it computes, a single pass like the sparse kernels', so prefetch hides the same
     * part ({@link #partlyHidden}); charged in full, dense M = 8 came out 16-43% over its measurements on the Zen 5
     * VM. With more tiles it fetches W while the first tile's FMAs wait on it, then reuses it from cache for the
     * other tiles with nothing fetching the next piece, so stream and compute add.
     */
    private DoubleBinaryOperator registerBlockedExposure(KernelId kernel, long m) {
        if (m == 1 && kernel == KernelId.DENSE) {
            return (math, mem) -> 0;
        }
        return m <= KernelGeometry.TOKEN_TILE ? this::partlyHidden : Math::min;
    }

    /** The sparse kernels' prefetch hides only part of the shorter phase under the longer one ({@code efficiency.overlap}). */
    private double partlyHidden(double mathSeconds, double memSeconds) {
        return (1 - profile.efficiency().overlap()) * Math.min(mathSeconds, memSeconds);
    }

    /**
     * Nonzeros in fully dense 64-bit mask words, {@code positions · (1 − s)^64}, for zeros placed independently
     * at random (Sparsim's measured weights; magnitude-pruned layers are close to it at the sparsities that matter,
     * where the term vanishes: 2e-20 of the positions at 50%).
     */
    private static double denseWordNonzeros(WeightSparsity.Unstructured u, double positions) {
        return positions * Math.pow(1 - u.sparsity(), 64);
    }

    /**
     * Padding entries of the CSR kernel's sliced ELLPACK (kernels.cpu.CsrKernel): every slice of
     * {@value KernelGeometry#LANES} columns is stored as long as its longest column. With zeros placed independently
     * at random a column holds Binomial(k, d) nonzeros (d the density), and the longest of 16 sits
     * {@value #MAX_OF_16_NORMALS} standard deviations above the mean (expected maximum of 16 standard normals), so
     * each column pads by 1.766·√(k·d·(1 − d)): 2.8 / 4.2 / 8.3% of the nonzeros at 50 / 70 / 90% for k = 4096,
     * as counted on the suite's weights (2.77 / 4.29 / 8.25% on 4096×11008).
     */
    private static double slicePadding(WeightSparsity.Unstructured u, long n, long k) {
        double d = 1 - u.sparsity();
        return n * MAX_OF_16_NORMALS * Math.sqrt(k * d * (1 - d));
    }
}
