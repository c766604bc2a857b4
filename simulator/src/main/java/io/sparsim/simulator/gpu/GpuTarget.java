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
 *   <li>{@code cusparselt-2:4}: 2:4 weights on the sparse tensor cores (forward only: Wᵀ of a 2:4 weight is
 *       not 2:4 along its new reduction dimension, and wgrad produces a dense gradient);
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
    /** Flash-LLM's skinny tiles (the M side is the token count; 16 rows is the smallest mma). */
    private static final List<TiledGemm.Tile> FLASH_LLM_TILES = List.of(
            new TiledGemm.Tile(16, 128, 64), new TiledGemm.Tile(32, 128, 64), new TiledGemm.Tile(64, 128, 64),
            new TiledGemm.Tile(128, 128, 64), new TiledGemm.Tile(16, 256, 64), new TiledGemm.Tile(64, 256, 64));
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

    /** Dense tensor-core peak for {@code p}; fp32 without a tensor entry runs on the CUDA cores. */
    private double denseRate(Precision p) {
        if (p == Precision.FP32 && !profile.supports(p)) {
            return profile.vector().flopsPerSecond();
        }
        return profile.tensorRate(p).dense().flopsPerSecond();
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
        List<KernelTime> kernels = new ArrayList<>();
        kernels.add(new TiledGemm("cublas-dense", denseMath, 1, aBytes, Double.POSITIVE_INFINITY, DENSE_TILES)
                .time(gpu, m, n, k, aBytes, cBytes, fidelity));

        WeightSparsity s = g.sparsity();
        if (g.sparseOperand() == Gemm.SparseOperand.B && g.pass() == Pass.FORWARD) {
            double bStored = (double) g.weightBytes() / ((double) n * k);
            double nnz = g.weightNonzeros();
            if (s instanceof WeightSparsity.NM nm && nm.n() == 2 && nm.m() == 4 && profile.supports(p)) {
                double sparseMath = profile.tensorRate(p).sparse().flopsPerSecond()
                        * profile.efficiency().sparseTensorCore();
                kernels.add(new TiledGemm("cusparselt-2:4", sparseMath, 1, bStored, Double.POSITIVE_INFINITY,
                        DENSE_TILES).time(gpu, m, n, k, aBytes, cBytes, fidelity));
            } else if (s instanceof WeightSparsity.Block b) {
                kernels.add(new TiledGemm("block-sparse", denseMath, b.density(), bStored, Double.POSITIVE_INFINITY,
                        DENSE_TILES).time(gpu, m, n, k, aBytes, cBytes, fidelity));
            } else {
                // Unstructured, or an N:M pattern the sparse tensor cores do not take.
                kernels.add(csr(m, n, k, nnz, aBytes, cBytes));
                if (p.bytes() == 2) {
                    double bTiledCsl = nnz * (aBytes + TILED_CSL_INDEX_BYTES) / ((double) n * k);
                    kernels.add(new TiledGemm("flash-llm", denseMath, 1, bTiledCsl,
                            profile.efficiency().decompressRate(), FLASH_LLM_TILES)
                            .time(gpu, m, n, k, aBytes, cBytes, fidelity));
                }
            }
        }
        return OpEstimate.fastest(g, roofline(g, p), kernels);
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
