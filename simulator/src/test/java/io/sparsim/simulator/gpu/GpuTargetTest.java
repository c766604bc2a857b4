package io.sparsim.simulator.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.GpuProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.simulator.Bound;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import org.junit.jupiter.api.Test;

/** The GPU target against the measurements and published figures of docs/references.md. */
class GpuTargetTest {
    static final GpuProfile H100 = (GpuProfile) ProfileRegistry.bundled().get("nvidia-h100-sxm5-80gb");
    static final GpuTarget TARGET = new GpuTarget(H100);

    static OpEstimate gemm(long m, long n, long k, WeightSparsity s) {
        return TARGET.estimate(Gemm.forward("g", LayerType.Q, m, n, k, Precision.BF16, s), Fidelity.FAST);
    }

    static Prediction predict(String phase, int batch, Integer seq, Integer kv, String spec) {
        Workload w = Workload.fromFlags(ModelCatalog.bundled(), "llama2-7b", phase, batch, seq, kv, "bf16", spec);
        return Prediction.of(w, TARGET, Fidelity.FAST);
    }

    @Test
    void denseGemm8192WithinTenPercentOfMeasured798Tflops() {
        OpEstimate e = gemm(8192, 8192, 8192, WeightSparsity.DENSE);
        double tflops = 2.0 * 8192 * 8192 * 8192 / e.seconds() / 1e12;
        assertEquals(798, tflops, 79.8, "TFLOP/s");
        assertEquals(Bound.COMPUTE, e.bound());
    }

    @Test
    void twoFourSpeedupIsBetween1p1And1p7AtLargeSizes() {
        double dense = gemm(8192, 8192, 8192, WeightSparsity.DENSE).seconds();
        OpEstimate sparse = gemm(8192, 8192, 8192, new WeightSparsity.NM(2, 4));
        assertEquals("cusparselt-2:4", sparse.chosen().kernel());
        double speedup = dense / sparse.seconds();
        assertTrue(speedup > 1.1 && speedup < 1.7, "2:4 speedup " + speedup);
    }

    @Test
    void twoFourSpeedupAtSmallMNeverExceedsTheWeightByteSaving() {
        WeightSparsity s = new WeightSparsity.NM(2, 4);
        for (long m : new long[] {1, 2, 4, 8, 16}) {
            for (long[] nk : new long[][] {{4096, 4096}, {11008, 4096}, {4096, 11008}, {14336, 4096}}) {
                Gemm sparse = Gemm.forward("g", LayerType.Q, m, nk[0], nk[1], Precision.BF16, s);
                Gemm dense = Gemm.forward("g", LayerType.Q, m, nk[0], nk[1], Precision.BF16, WeightSparsity.DENSE);
                double speedup = TARGET.estimate(dense, Fidelity.FAST).seconds()
                        / TARGET.estimate(sparse, Fidelity.FAST).seconds();
                double byteSaving = (double) dense.minBytes() / sparse.minBytes();
                assertTrue(speedup <= byteSaving * 1.0001, "m=" + m + " speedup " + speedup + " > " + byteSaving);
            }
        }
    }

    @Test
    void decodeIsNoFasterThanWeightBytesOverHbmAndHbmBound() {
        Prediction p = predict("decode", 1, null, 1024, "dense");
        SimResult r = p.result();
        double weightBytes = 2.0 * ModelCatalog.bundled().get("llama2-7b").matmulParameters();
        double floor = weightBytes / H100.hbm().bandwidth().bytesPerSecond();
        assertTrue(r.secondsPerStep() >= floor, r.secondsPerStep() + " < " + floor);
        assertTrue(r.secondsPerStep() < 2 * floor, "within 2x of the byte floor: " + r.secondsPerStep());
        assertEquals("hbm", io.sparsim.simulator.Bound.HBM.id());
        double hbmSeconds = r.groups().stream().flatMap(g -> g.ops().stream().map(o -> o.bound() == Bound.HBM
                ? o.seconds() * g.repeat() : 0.0)).mapToDouble(Double::doubleValue).sum();
        assertTrue(hbmSeconds > 0.5 * r.secondsPerStep(), "HBM bounds most of decode");
    }

    @Test
    void unstructured70GivesNoPrefillSpeedupButAPublishedRangeDecodeSpeedup() {
        double prefill = predict("prefill", 8, 2048, null, "unstructured:0.7").speedupVsDense();
        assertTrue(prefill <= 1.0 + 1e-9 && prefill > 0.99, "prefill speedup " + prefill);
        double decode = predict("decode", 1, null, 1024, "unstructured:0.7").speedupVsDense();
        assertTrue(decode >= 1.2 && decode <= 1.8, "decode speedup " + decode);
    }

    @Test
    void fastIsWithinThreePercentOfDetailed() {
        long[][] shapes = {{1, 4096, 4096}, {16, 11008, 4096}, {512, 4096, 4096}, {2048, 4096, 11008}, {333, 1000, 777}};
        WeightSparsity[] patterns = {WeightSparsity.DENSE, new WeightSparsity.NM(2, 4),
                new WeightSparsity.Unstructured(0.7), new WeightSparsity.Block(16, 16, 0.5)};
        for (long[] s : shapes) {
            for (WeightSparsity w : patterns) {
                Gemm g = Gemm.forward("g", LayerType.Q, s[0], s[1], s[2], Precision.BF16, w);
                double fast = TARGET.estimate(g, Fidelity.FAST).seconds();
                double detailed = TARGET.estimate(g, Fidelity.DETAILED).seconds();
                assertEquals(detailed, fast, 0.03 * detailed, "m" + s[0] + " n" + s[1] + " k" + s[2] + " " + w);
            }
        }
    }

    @Test
    void sameInputSameResultBitForBit() {
        Prediction a = predict("train", 2, 512, null, "2:4");
        Prediction b = predict("train", 2, 512, null, "2:4");
        assertEquals(a.result().secondsPerStep(), b.result().secondsPerStep(), 0.0);
    }

    @Test
    void twoFourTrainingUsesDenseKernelsForBackward() {
        Workload w = Workload.of(ModelCatalog.bundled().get("llama2-7b"), new Phase.Train(1, 2048), Precision.BF16,
                SparsitySpec.parse("2:4"));
        SimResult r = io.sparsim.simulator.Simulator.run(io.sparsim.workloads.ops.Lowering.lower(w), TARGET,
                Fidelity.FAST);
        r.groups().stream().flatMap(g -> g.ops().stream()).filter(o -> o.op() instanceof Gemm g
                && g.pass() != io.sparsim.workloads.ops.Pass.FORWARD).forEach(o ->
                assertEquals("cublas-dense", o.chosen().kernel(), o.op().name()));
    }
}
