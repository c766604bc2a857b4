package io.sparsim.simulator.gpu;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.Pass;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU mapper. GEMMs run as tensor-core tile kernels ({@link TiledGemm}); for a sparse weight the kernels
 * a runtime could choose from are simulated side by side and the fastest is reported:
 * <ul>
 *   <li>{@code cublas-dense}: the weight used dense (always possible);
 *   <li>{@code cusparselt-2:4} and {@code cutlass-2:4}: 2:4 weights on the sparse tensor cores (forward only: Wᵀ
 *       of a 2:4 weight is not 2:4 along its new reduction dimension, and wgrad produces a dense gradient), each
 *       at its own sustained fraction of the 2:4 peak. Neither has a skinny variant: the token side is padded to
 *       a 64-row tile and K is not split. A cuSPARSELt call also pays a fixed per-call cost, so at a few tokens
 *       (decode) it loses to the dense split-K kernel and the runtime keeps dense. The runtime uses cuSPARSELt,
 *       not CUTLASS's 2:4 kernels, which are reported only to compare with runs of that path;
 *   <li>{@code cusparse-csr}: CSR SpMM on the CUDA cores, cost per nonzero times token;
 *   <li>{@code flash-llm}: load-as-sparse, compute-as-dense (Flash-LLM): weights read from HBM in tiled-CSL
 *       (16-bit value + 16-bit index per nonzero), expanded to dense tiles in shared memory by the CUDA
 *       cores, multiplied on the tensor cores — wins where bytes, not math, bound the GEMM (decode);
 *   <li>{@code block-sparse}: tensor-core tiles that skip whole zero blocks.
 * </ul>
 * Attention, norms, element-wise ops, the embedding and the optimizer are single kernels bound by their
 * math or their bytes, plus launch overhead.
 */
public final class GpuTarget implements Target {
    /** CUTLASS/cuBLAS-like tile catalogue for Hopper/Ampere-class tensor-core GEMMs. */
    private static final List<TiledGemm.Tile> DENSE_TILES = List.of(
            new TiledGemm.Tile(128, 256, 64), new TiledGemm.Tile(256, 128, 64), new TiledGemm.Tile(128, 128, 64),
            new TiledGemm.Tile(128, 64, 64), new TiledGemm.Tile(64, 128, 64), new TiledGemm.Tile(64, 64, 64),
            new TiledGemm.Tile(64, 256, 64));
    /**
     * Skinny tiles of the dense library (cuBLAS/cuBLASLt pick them for a few tokens: operands swapped so the
     * tokens sit on the MMA's 8-wide side, K split across CTAs).
     */
    private static final List<TiledGemm.Tile> SKINNY_TILES = List.of(
            new TiledGemm.Tile(8, 128, 64), new TiledGemm.Tile(16, 128, 64), new TiledGemm.Tile(32, 128, 64),
            new TiledGemm.Tile(8, 256, 64), new TiledGemm.Tile(16, 256, 64));
    private static final List<TiledGemm.Tile> DENSE_AND_SKINNY = java.util.stream.Stream.concat(
            DENSE_TILES.stream(), SKINNY_TILES.stream()).toList();
    /** Rows of A an MMA instruction covers with the operands swapped (mma.m16n8k16: n = 8). */
    private static final int MMA_ROWS = 8;
    /** Smallest token-side tile of the 2:4 sparse GEMMs (cuSPARSELt, CUTLASS): the math is padded to it. */
    private static final int SPARSE_MIN_ROWS = 64;
    /** The most k-slices a split-K kernel uses. */
    private static final int MAX_SPLIT_K = 16;
    /** Flash-LLM's skinny tiles (the M side is the token count; 16 rows is the smallest mma). */
    private static final List<TiledGemm.Tile> FLASH_LLM_TILES = List.of(
            new TiledGemm.Tile(16, 128, 64), new TiledGemm.Tile(32, 128, 64), new TiledGemm.Tile(64, 128, 64),
            new TiledGemm.Tile(128, 128, 64), new TiledGemm.Tile(16, 256, 64), new TiledGemm.Tile(64, 256, 64));
    private static final String CUTLASS_2_4 = "cutlass-2:4";
    /** Bytes per nonzero index in CSR (int32 column index) and in Flash-LLM's tiled-CSL (16-bit). */
    private static final int CSR_INDEX_BYTES = 4;
    private static final int TILED_CSL_INDEX_BYTES = 2;

    private final GpuProfile profile;
    private final GpuMachine gpu;

    public GpuTarget(GpuProfile profile) {
        this.profile = profile;
        this.gpu = GpuMachine.of(profile);
    }

    @Override
    public String hardwareId() {
        return profile.id();
    }

    @Override
    public OpEstimate estimate(Op op, Fidelity fidelity) {
        if (op instanceof Gemm g) {
            return gemm(g, fidelity);
        }
        if (op instanceof Attention a) {
            return single(a, denseRate(a.precision()) * profile.efficiency().tensorCore(), "flash-attention");
        }
        return single(op, gpu.vectorFlopsPerSecond(), kernelName(op));
    }

    /**
     * Dense peak for {@code p}: the tensor cores', or for fp32 without a tensor entry the CUDA cores' (PyTorch
     * runs fp32 matmuls in full fp32 unless TF32 is allowed; ask for {@code tf32} for the tensor-core path).
     */
    private double denseRate(Precision p) {
        return onTensorCores(p) ? profile.tensorRate(p).dense().flopsPerSecond() : profile.vector().flopsPerSecond();
    }

    private boolean onTensorCores(Precision p) {
        return p != Precision.FP32 || profile.supports(p);
    }

    private double roofline(Op op, Precision p) {
        return Math.max(op.flops() / denseRate(p), op.minBytes() / gpu.hbmPeakBytesPerSecond());
    }

    private OpEstimate gemm(Gemm g, Fidelity fidelity) {
        Precision p = g.precision();
        int aBytes = p.bytes();
        int cBytes = Math.max(2, p.bytes());
        long m = g.m();
        long n = g.n();
        long k = g.k();
        double denseMath = denseRate(p) * profile.efficiency().tensorCore();
        // CUDA-core (SIMT) GEMMs compute only the rows there are; tensor-core ones a whole MMA's.
        int rows = onTensorCores(p) ? MMA_ROWS : 1;
        List<KernelTime> kernels = new ArrayList<>();
        kernels.add(new TiledGemm("cublas-dense", denseMath, 1, aBytes, Double.POSITIVE_INFINITY, DENSE_AND_SKINNY,
                rows, MAX_SPLIT_K).time(gpu, m, n, k, aBytes, cBytes, fidelity));

        WeightSparsity s = g.sparsity();
        if (g.sparseOperand() == Gemm.SparseOperand.B && g.pass() == Pass.FORWARD) {
            double bStored = (double) g.weightBytes() / ((double) n * k);
            double nnz = g.weightNonzeros();
            if (s instanceof WeightSparsity.NM nm && nm.n() == 2 && nm.m() == 4 && profile.supports(p)) {
                double sparsePeak = profile.tensorRate(p).sparse().flopsPerSecond();
                kernels.add(withCallOverhead(new TiledGemm("cusparselt-2:4",
                        sparsePeak * profile.efficiency().sparseTensorCore(), 1, bStored, Double.POSITIVE_INFINITY,
                        DENSE_TILES, SPARSE_MIN_ROWS, 1).time(gpu, m, n, k, aBytes, cBytes, fidelity),
                        profile.efficiency().sparseCallOverhead().seconds()));
                kernels.add(new TiledGemm(CUTLASS_2_4, sparsePeak * profile.efficiency().sparseCutlass(), 1,
                        bStored, Double.POSITIVE_INFINITY, DENSE_TILES, SPARSE_MIN_ROWS, 1)
                        .time(gpu, m, n, k, aBytes, cBytes, fidelity));
            } else if (s instanceof WeightSparsity.Block) {
                // The blocks the weight keeps, not the pattern's nominal density: a weight of few blocks keeps a
                // whole number of them (4 of 4 at 5% sparsity), and a kernel cannot skip math the op has.
                kernels.add(new TiledGemm("block-sparse", denseMath, nnz / ((double) n * k), bStored,
                        Double.POSITIVE_INFINITY, DENSE_AND_SKINNY, rows, MAX_SPLIT_K)
                        .time(gpu, m, n, k, aBytes, cBytes, fidelity));
            } else {
                // Unstructured, or an N:M pattern the sparse tensor cores do not take.
                kernels.add(csr(m, n, k, nnz, aBytes, cBytes));
                if (p.bytes() == 2) {
                    double bTiledCsl = nnz * (aBytes + TILED_CSL_INDEX_BYTES) / ((double) n * k);
                    kernels.add(new TiledGemm("flash-llm", denseMath, 1, bTiledCsl,
                            profile.efficiency().decompressRate(), FLASH_LLM_TILES, MMA_ROWS, MAX_SPLIT_K)
                            .time(gpu, m, n, k, aBytes, cBytes, fidelity));
                }
            }
        }
        // The runtime runs its one 2:4 library (cuSPARSELt, PyTorch's default) or dense, whichever is faster; the
        // CUTLASS 2:4 kernels are listed beside them to compare with runs of that path, not picked.
        OpEstimate all = OpEstimate.fastest(g, roofline(g, p), kernels);
        KernelTime chosen = all.alternatives().stream().filter(t -> !t.kernel().equals(CUTLASS_2_4)).findFirst()
                .orElseThrow();
        return new OpEstimate(g, all.rooflineSeconds(), chosen, all.alternatives());
    }

    /**
     * A cuSPARSELt call runs several kernels besides the GEMM (NVIDIA/CUDALibrarySamples#228 counts them in a
     * profile of its matmul sample): a fixed cost per call that sinks the small and skinny 2:4 GEMMs.
     */
    private static KernelTime withCallOverhead(KernelTime t, double overheadSeconds) {
        if (overheadSeconds <= 0) {
            return t;
        }
        double seconds = t.seconds() + overheadSeconds;
        Bound bound = overheadSeconds > t.seconds() ? Bound.LAUNCH : t.bound();
        return new KernelTime(t.kernel(), seconds, t.bytes(), bound, t.detail() + String.format(Locale.ROOT,
                "; plus %.3g s per library call", overheadSeconds), bound == t.bound() ? t.tiedWith() : null);
    }

    /** cuSPARSE-like CSR SpMM: every stored nonzero meets each of the m token rows once on the CUDA cores. */
    private KernelTime csr(long m, long n, long k, double nnz, int aBytes, int cBytes) {
        double math = nnz * m / (profile.efficiency().csrNonzeroRate() * gpu.sms());
        double bytes = nnz * (aBytes + CSR_INDEX_BYTES) + (n + 1.0) * CSR_INDEX_BYTES
                + (double) m * k * aBytes + (double) m * n * cBytes;
        double mem = bytes / gpu.hbmBytesPerSecond();
        double seconds = gpu.launchSeconds() + Math.max(math, mem);
        return new KernelTime("cusparse-csr", seconds, bytes, math >= mem ? Bound.SPARSE_OVERHEAD : Bound.HBM,
                String.format(Locale.ROOT, "%.3g nonzeros x %d tokens on CUDA cores", nnz, m));
    }

    /** A kernel bound by its math at {@code flopsPerSecond} or its minimum bytes at sustained HBM bandwidth. */
    private OpEstimate single(Op op, double flopsPerSecond, String kernel) {
        Precision p = precisionOf(op);
        double math = op.flops() / flopsPerSecond;
        double mem = op.minBytes() / gpu.hbmBytesPerSecond();
        double work = Math.max(math, mem);
        Bound bound = gpu.launchSeconds() > work ? Bound.LAUNCH : (math >= mem ? Bound.COMPUTE : Bound.HBM);
        KernelTime t = new KernelTime(kernel, gpu.launchSeconds() + work, op.minBytes(), bound, "one kernel");
        double floor = Math.max(op.flops() / Math.max(flopsPerSecond, denseRate(p)),
                op.minBytes() / gpu.hbmPeakBytesPerSecond());
        return OpEstimate.fastest(op, floor, List.of(t));
    }

    private static Precision precisionOf(Op op) {
        if (op instanceof Gemm g) {
            return g.precision();
        }
        return op instanceof Attention a ? a.precision() : Precision.BF16;
    }

    private static String kernelName(Op op) {
        return op.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
