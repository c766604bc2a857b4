package io.sparsim.validation.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.CpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.cpu.SparseWeight;
import io.sparsim.kernels.cpu.WeightPatterns;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.KernelTime;
import io.sparsim.simulator.cpu.CpuTarget;
import io.sparsim.validation.measure.Format;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CPU model and the kernels it describes agree on the kernels' geometry: where the row path ends, how many
 * rows a k-block holds, hence how many column visits a multiply makes. Each kernel reports the figures its own
 * loops run on; the model's are read off its estimates with a profile whose only cost is the one under test.
 */
class KernelGeometryAgreementTest {
    private static final int K = 1024;
    private static final int N = 256;
    private static final List<Integer> TOKENS = List.of(1, 2, 3, 4, 5, 8, 16, 17, 31, 32, 33, 48, 64, 65, 100, 256);
    private static final List<KernelId> PANEL_KERNELS = List.of(KernelId.CSR, KernelId.BITMASK, KernelId.TWO_FOUR);
    /** Cycles of the one cost that is not negligible in a probe profile. */
    private static final double BIG = 1e6;
    private static final double TINY = 1e-12;

    private static SparseWeight kernel(KernelId id) {
        float[] w = switch (id) {
            case TWO_FOUR -> WeightPatterns.twoFour(K, N, 3);
            case BLOCK16 -> WeightPatterns.block(K, N, KernelGeometry.BLOCK_SIDE, 0.7, 3);
            default -> WeightPatterns.unstructured(K, N, 0.7, 3);
        };
        return SparseWeight.encode(w, K, N, id);
    }

    private static WeightSparsity sparsity(KernelId id) {
        return switch (id) {
            case TWO_FOUR -> new WeightSparsity.NM(2, 4);
            case BLOCK16 -> new WeightSparsity.Block(16, 16, 0.7);
            case DENSE -> new WeightSparsity.Unstructured(0);
            default -> new WeightSparsity.Unstructured(0.7);
        };
    }

    /** A probe CPU: every sparse cost negligible except {@code gemv} or {@code visit}, DRAM effectively free. */
    private static CpuTarget probe(boolean gemv) {
        CpuProfile base = (CpuProfile) ProfileRegistry.bundled().get("amd-epyc-9654");
        CpuProfile.SparseCost c = new CpuProfile.SparseCost(gemv ? BIG : TINY, 0, TINY, 0, gemv ? 0 : BIG);
        CpuProfile.Efficiency e = new CpuProfile.Efficiency(1, 1, 1, 1, 1, c, c, c, c);
        return new CpuTarget(base.withEfficiency("probe", e, List.of()));
    }

    private static KernelTime estimate(CpuTarget t, KernelId id, long m) {
        Gemm g = Gemm.forward("probe", LayerType.Q, m, N, K, Precision.FP32, sparsity(id));
        return t.estimate(g, Fidelity.FAST).alternatives().stream().filter(k -> k.kernel().equals(id.modelName()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + id.modelName() + " estimate"));
    }

    @Test
    void everyKernelReportsTheGeometryTheModelReads() {
        for (KernelId id : KernelId.values()) {
            SparseWeight w = kernel(id);
            assertEquals(id, w.format());
            assertEquals(KernelGeometry.rowPathTokens(id), w.rowPathTokens(), id + " row path");
            for (int m : TOKENS) {
                int expected = PANEL_KERNELS.contains(id) ? KernelGeometry.kBlockRows(id, m) : 0;
                assertEquals(expected, w.kBlockRows(m), id + " k-block rows at m = " + m);
            }
        }
    }

    @Test
    void everyMeasuredFormatHasTheModelsKernelOfTheSameId() {
        CpuTarget t = probe(true);
        for (Format f : Format.values()) {
            assertEquals(f.kernel().modelName(), estimate(t, f.kernel(), 8).kernel());
        }
    }

    @Test
    void theModelLeavesTheRowPathWhereTheKernelDoes() {
        CpuTarget t = probe(true);
        for (KernelId id : List.of(KernelId.CSR, KernelId.TWO_FOUR, KernelId.BITMASK)) {
            int last = kernel(id).rowPathTokens();
            double onRowPath = estimate(t, id, last).seconds();
            double beyond = estimate(t, id, last + 1).seconds();
            // On the row path every nonzero costs gemv per token; past it gemv is not charged at all.
            assertTrue(onRowPath > 1e3 * beyond, id + ": row path ends at m = " + last + " in the kernel but not in"
                    + " the model (" + onRowPath + " s at m = " + last + ", " + beyond + " s at m = " + (last + 1) + ")");
        }
    }

    @Test
    void theModelCountsTheColumnVisitsTheKernelsMake() {
        CpuTarget t = probe(false);
        CpuProfile base = (CpuProfile) ProfileRegistry.bundled().get("amd-epyc-9654");
        double cyclesPerSecond = base.cores() * base.sustainedClock().hertz();
        for (KernelId id : PANEL_KERNELS) {
            SparseWeight w = kernel(id);
            for (int m : TOKENS) {
                if (m <= w.rowPathTokens()) {
                    continue;
                }
                long chunks = (m + KernelGeometry.panelWidth(m) - 1) / KernelGeometry.panelWidth(m);
                double visits = (double) N * Math.ceil((double) K / w.kBlockRows(m)) * chunks;
                double modelled = estimate(t, id, m).seconds() * cyclesPerSecond / BIG;
                assertEquals(visits, modelled, visits * 1e-6, id + " column visits at m = " + m);
            }
        }
    }

    /** The model names the csr loop the kernel dispatches to for each M, under either probed M = 1 path. */
    @Test
    void theModelKnowsWhichCsrPathRuns() {
        CpuProfile base = (CpuProfile) ProfileRegistry.bundled().get("amd-epyc-9654");
        for (io.sparsim.kernels.KernelPaths.CsrGemv g : io.sparsim.kernels.KernelPaths.CsrGemv.values()) {
            io.sparsim.kernels.KernelPaths paths = io.sparsim.kernels.KernelPaths.DEFAULT.withCsr(g);
            CpuTarget t = new CpuTarget(base, paths);
            for (int m : TOKENS) {
                String detail = estimate(t, KernelId.CSR, m).detail();
                String expected = switch (KernelGeometry.csrLoop(m, paths)) {
                    case GATHER -> "hardware gathers";
                    case SCALAR_LOADS -> "scalar index and A loads";
                    case TOKEN_PANELS -> "token panels";
                };
                assertTrue(detail.contains(expected), g + " m = " + m + ": " + detail);
            }
            assertEquals(g == io.sparsim.kernels.KernelPaths.CsrGemv.SCALAR
                    ? KernelGeometry.CsrLoop.SCALAR_LOADS : KernelGeometry.CsrLoop.GATHER, KernelGeometry.csrLoop(1, paths));
        }
    }
}
