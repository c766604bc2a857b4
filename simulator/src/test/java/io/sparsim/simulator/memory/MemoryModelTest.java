package io.sparsim.simulator.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Parallelism.ZeroStage;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Recompute;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import org.junit.jupiter.api.Test;

class MemoryModelTest {
    private static final ModelConfig LLAMA2_7B = ModelCatalog.bundled().get("llama2-7b");
    private static final ModelConfig LLAMA2_70B = ModelCatalog.bundled().get("llama2-70b");
    private static final HardwareProfile H100 = ProfileRegistry.bundled().get("nvidia-h100-sxm5-80gb");

    private static Workload w(ModelConfig m, Phase phase, String sparsity) {
        return Workload.of(m, phase, Precision.BF16, SparsitySpec.parse(sparsity));
    }

    private static Parallelism par(int tp, int pp, int dp, int zero) {
        return new Parallelism(tp, pp, dp, ZeroStage.of(zero), 0);
    }

    @Test
    void llama2SevenBComponentsEqualHandCounts() {
        // LLaMA-2 7B: 6,738,415,616 parameters; bf16 = 2 bytes each = 13.48 GB.
        assertEquals(6_738_415_616L, LLAMA2_7B.parameters());
        MemoryComponents decode = MemoryModel.components(w(LLAMA2_7B, new Phase.Decode(1, 1000), "dense"),
                Parallelism.NONE, Recompute.NONE);
        assertEquals(13_476_831_232L, decode.weights().bytes());
        assertTrue(decode.weights().metadataBytes().isEmpty());
        // KV cache per token: 32 layers x 32 KV heads x 128 x (K and V) x 2 bytes = 0.5 MiB.
        assertEquals(1000L * 512 * 1024, decode.kvCacheBytes());
        assertEquals(0, decode.gradientBytes() + decode.optimizerBytes() + decode.workspaceBytes());

        MemoryComponents train = MemoryModel.components(w(LLAMA2_7B, new Phase.Train(1, 2048), "dense"),
                Parallelism.NONE, Recompute.NONE);
        long params = LLAMA2_7B.parameters();
        assertEquals(2 * params, train.gradientBytes());
        assertEquals(12 * params, train.optimizerBytes(), "fp32 master weights and two fp32 moments");
        assertEquals(16 * params, train.weights().bytes() + train.gradientBytes() + train.optimizerBytes());
        assertEquals(0, train.kvCacheBytes());
        // Kept per token and layer: 4 x 4096 norm in/out + q, k, v, attention out (4 x 4096) + 3 x 11008 = 65792
        // bf16 elements; plus fp32 logits over the 32000-word vocabulary.
        assertEquals(2048L * 32 * 65_792 * 2 + 2048L * 32_000 * 4, train.activationBytes());
    }

    @Test
    void recomputeKeepsLayerInputsOnly() {
        Workload t = w(LLAMA2_7B, new Phase.Train(1, 2048), "dense");
        long full = MemoryModel.components(t, Parallelism.NONE, Recompute.FULL).activationBytes();
        long none = MemoryModel.components(t, Parallelism.NONE, Recompute.NONE).activationBytes();
        assertEquals(2048L * 4096 * 2 * 32 + 2048L * 65_792 * 2 + 2048L * 32_000 * 4, full);
        assertTrue(full < none / 5);
    }

    @Test
    void llama2SeventyBDecodeNeedsTwoH100s() {
        Workload decode = w(LLAMA2_70B, new Phase.Decode(1, 1024), "dense");
        DeviceMemory one = MemoryModel.check(decode, Parallelism.NONE, Recompute.NONE, H100);
        assertFalse(one.fits());
        assertEquals(2, one.doesNotFit().orElseThrow().minDevices());
        assertTrue(one.perDeviceBytes() > one.capacityBytes());
        DeviceMemory two = MemoryModel.check(decode, par(2, 1, 1, 0), Recompute.NONE, H100);
        assertTrue(two.fits(), () -> two.toString());
    }

    @Test
    void llama2SevenBTrainingFitsOnlySharded() {
        Workload train = w(LLAMA2_7B, new Phase.Train(8, 2048), "dense");
        DeviceMemory one = MemoryModel.check(train, Parallelism.NONE, Recompute.NONE, H100);
        assertFalse(one.fits());
        DeviceMemory sharded = MemoryModel.check(train, par(1, 1, 8, 3), Recompute.NONE, H100);
        assertTrue(sharded.fits(), () -> sharded.toString());
        // Each ZeRO stage shards strictly more.
        long previous = Long.MAX_VALUE;
        for (int z = 0; z <= 3; z++) {
            long b = MemoryModel.components(train, par(1, 1, 8, z), Recompute.NONE).totalBytes();
            assertTrue(b < previous, "stage " + z);
            previous = b;
        }
    }

    @Test
    void tensorShardsKeepTheirDensityAndMetadata() {
        Workload sparse = w(LLAMA2_7B, new Phase.Decode(1, 1), "2:4");
        MemoryComponents tp1 = MemoryModel.components(sparse, Parallelism.NONE, Recompute.NONE);
        MemoryComponents tp4 = MemoryModel.components(sparse, par(4, 1, 1, 0), Recompute.NONE);
        long meta1 = tp1.weights().metadataBytes().get("2:4 metadata");
        long meta4 = tp4.weights().metadataBytes().get("2:4 metadata");
        assertEquals(meta1, 4 * meta4);
        long dense = MemoryModel.components(w(LLAMA2_7B, new Phase.Decode(1, 1), "dense"), Parallelism.NONE,
                Recompute.NONE).weights().valueBytes();
        // Linear layers keep half their values; embedding, norms and the LM head stay dense.
        long linear = 2L * 32 * LLAMA2_7B.layerMatmulParameters();
        assertEquals(dense - linear / 2, tp1.weights().valueBytes());
        DeviceMemory unstructured = MemoryModel.check(w(LLAMA2_7B, new Phase.Decode(1, 1), "unstructured:0.7"),
                Parallelism.NONE, Recompute.NONE, H100);
        assertTrue(unstructured.components().weights().metadataBytes().containsKey("bitmask"));
    }

    @Test
    void pipelineStagesSplitTheLayers() {
        Workload decode = w(LLAMA2_70B, new Phase.Decode(1, 1024), "dense");
        long one = MemoryModel.components(decode, Parallelism.NONE, Recompute.NONE).weights().bytes();
        long four = MemoryModel.components(decode, par(1, 4, 1, 0), Recompute.NONE).weights().bytes();
        assertTrue(four < one / 3.5 && four > one / 4.5, one + " vs " + four);
    }

    @Test
    void minDevicesSearchesSplitsBeyondAnySingleDegree() {
        // 52 TB of KV cache: only heads x layers split far enough (32 x 32 = 1024 devices of 80 GB).
        Workload huge = w(LLAMA2_7B, new Phase.Decode(1, 100_000_000), "dense");
        DoesNotFit d = MemoryModel.check(huge, Parallelism.NONE, Recompute.NONE, H100).doesNotFit().orElseThrow();
        assertEquals(1024, d.minDevices(), d.reason());
        assertTrue(MemoryModel.check(huge, par(32, 32, 1, 0), Recompute.NONE, H100).fits());
        // Beyond one head and one layer per device nothing helps.
        Workload impossible = w(LLAMA2_7B, new Phase.Decode(1, 1_000_000_000), "dense");
        assertEquals(0, MemoryModel.check(impossible, Parallelism.NONE, Recompute.NONE, H100).doesNotFit()
                .orElseThrow().minDevices());
    }
}
