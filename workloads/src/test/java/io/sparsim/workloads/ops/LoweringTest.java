package io.sparsim.workloads.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoweringTest {
    private static final ModelCatalog CATALOG = ModelCatalog.bundled();
    private static final ModelConfig LLAMA7B = CATALOG.get("llama2-7b");

    private static OpGraph lower(ModelConfig m, Phase phase, String spec) {
        return Lowering.lower(Workload.of(m, phase, Precision.BF16, SparsitySpec.parse(spec)));
    }

    private static Predicate<Op> forwardBlockGemm() {
        return op -> op instanceof Gemm g && g.pass() == Pass.FORWARD && g.layerType() != LayerType.LM_HEAD;
    }

    private static List<Gemm> gemms(OpGroup g) {
        return g.ops().stream().filter(Gemm.class::isInstance).map(Gemm.class::cast).toList();
    }

    @Test
    void inferenceGraphShape() {
        OpGraph g = lower(LLAMA7B, new Phase.Prefill(2, 128), "dense");
        assertEquals(List.of("embedding", "layer", "head"), g.groups().stream().map(OpGroup::name).toList());
        OpGroup layer = g.group("layer").orElseThrow();
        assertEquals(32, layer.repeat());
        assertEquals(List.of("attn_norm", "q_proj", "k_proj", "v_proj", "rope", "attention", "o_proj", "attn_residual",
                "mlp_norm", "gate_proj", "up_proj", "swiglu", "down_proj", "mlp_residual"),
                layer.ops().stream().map(Op::name).toList());
        Gemm up = (Gemm) layer.ops().get(10);
        assertEquals(new GemmShape(256, 11008, 4096), up.shape());
        // Prefill computes logits only for each sequence's last position.
        Gemm head = gemms(g.group("head").orElseThrow()).get(0);
        assertEquals(new GemmShape(2, 32000, 4096), head.shape());
    }

    @Test
    void twoFourHalvesForwardGemmFlopsAndLeavesDenseFlopsUnchanged() {
        for (Phase phase : List.of(new Phase.Prefill(1, 512), new Phase.Decode(8, 1024), new Phase.Train(1, 256))) {
            OpGraph dense = lower(LLAMA7B, phase, "dense");
            OpGraph sparse = lower(LLAMA7B, phase, "2:4");
            assertEquals(dense.flops(forwardBlockGemm()) / 2, sparse.flops(forwardBlockGemm()), phase.toString());
            assertEquals(dense.denseFlops(), sparse.denseFlops(), phase.toString());
            assertEquals(dense.flops(), dense.denseFlops(), phase.toString());
            // The LM head stays dense under an untargeted spec.
            Predicate<Op> head = op -> op instanceof Gemm gm && gm.layerType() == LayerType.LM_HEAD;
            assertEquals(dense.flops(head), sparse.flops(head));
            assertTrue(sparse.minBytes() < dense.minBytes());
        }
    }

    @Test
    void everyPassOfASparseGemmScalesWithDensity() {
        OpGraph dense = lower(LLAMA7B, new Phase.Train(2, 64), "dense");
        OpGraph sparse = lower(LLAMA7B, new Phase.Train(2, 64), "unstructured:0.75");
        for (Pass pass : Pass.values()) {
            Predicate<Op> p = op -> op instanceof Gemm g && g.pass() == pass && g.layerType() != LayerType.LM_HEAD;
            assertEquals(dense.flops(p) / 4, sparse.flops(p), 1e-6 * dense.flops(p), pass.name());
        }
    }

    @Test
    void trainingHasDgradAndWgradForEveryGemmAndTheOptimizer() {
        OpGraph g = lower(LLAMA7B, new Phase.Train(1, 1024), "dense");
        assertEquals(List.of("embedding", "layer", "head", "head.backward", "layer.backward", "embedding.backward",
                "optimizer"), g.groups().stream().map(OpGroup::name).toList());
        OpGroup fwd = g.group("layer").orElseThrow();
        OpGroup bwd = g.group("layer.backward").orElseThrow();
        for (Gemm f : gemms(fwd)) {
            List<Gemm> back = gemms(bwd).stream().filter(b -> b.layerType() == f.layerType()).toList();
            assertEquals(List.of(Pass.DGRAD, Pass.WGRAD), back.stream().map(Gemm::pass).toList(), f.name());
            // Each backward GEMM costs what the forward does: the classic 3x of training.
            for (Gemm b : back) {
                assertEquals(f.flops(), b.flops(), b.name());
            }
        }
        Attention af = (Attention) fwd.ops().stream().filter(Attention.class::isInstance).findFirst().orElseThrow();
        Attention ab = (Attention) bwd.ops().stream().filter(Attention.class::isInstance).findFirst().orElseThrow();
        assertEquals(2 * af.flops(), ab.flops());
        OptimizerUpdate adam = (OptimizerUpdate) g.group("optimizer").orElseThrow().ops().get(0);
        assertEquals(LLAMA7B.parameters(), adam.parameters());
        // fp32 master, m, v read and written (24) + bf16 gradient read (2) + bf16 working copy written (2).
        assertEquals(28.0 * LLAMA7B.parameters(), adam.minBytes());
        // Matmul FLOPs of the step: 3 x 2 x matmul parameters per token.
        double gemm = g.flops(op -> op instanceof Gemm);
        assertEquals(6.0 * LLAMA7B.matmulParameters() * 1024, gemm);
    }

    @Test
    void sparseTrainingUpdatesOnlyKeptWeights() {
        OpGraph g = lower(LLAMA7B, new Phase.Train(1, 64), "2:4");
        OptimizerUpdate adam = (OptimizerUpdate) g.group("optimizer").orElseThrow().ops().get(0);
        long half = 32 * LLAMA7B.layerMatmulParameters() / 2;
        assertEquals(LLAMA7B.parameters() - half, adam.parameters());
        assertEquals(LLAMA7B.parameters(), adam.denseParameters());
    }

    @Test
    void omissionShrinksMlpChannelsAndHeads() {
        Phase phase = new Phase.Train(1, 512);
        OpGraph dense = lower(LLAMA7B, phase, "dense");
        OpGraph omitted = lower(LLAMA7B, phase, "omission:0.4");
        assertTrue(omitted.flops() < dense.flops());
        assertEquals(dense.denseFlops(), omitted.denseFlops());
        OpGroup layer = omitted.group("layer").orElseThrow();
        List<Gemm> g = gemms(layer);
        int heads = 19; // round(32 · 0.6)
        int channels = 6605; // round(11008 · 0.6)
        assertEquals(new GemmShape(512, heads * 128, 4096), g.get(0).shape()); // q
        assertEquals(new GemmShape(512, 4096, heads * 128), g.get(3).shape()); // o
        assertEquals(new GemmShape(512, channels, 4096), g.get(4).shape()); // gate
        assertEquals(new GemmShape(512, 4096, channels), g.get(6).shape()); // down
        Attention a = (Attention) layer.ops().get(5);
        assertEquals(heads, a.heads());
        assertEquals(heads, a.kvHeads());
        // Backward shrinks the same way.
        List<Gemm> back = gemms(omitted.group("layer.backward").orElseThrow());
        Gemm downWgrad = back.stream().filter(b -> b.layerType() == LayerType.DOWN && b.pass() == Pass.WGRAD)
                .findFirst().orElseThrow();
        assertEquals(new GemmShape(channels, 4096, 512), downWgrad.shape());
        double ratio = omitted.flops(forwardBlockGemm()) / dense.flops(forwardBlockGemm());
        assertEquals(0.6, ratio, 0.01);
    }

    @Test
    void omissionKeepsWholeKvGroupsUnderGqa() {
        ModelConfig m = CATALOG.get("llama2-70b"); // 64 query heads, 8 KV heads
        Attention a = (Attention) lower(m, new Phase.Prefill(1, 64), "omission:0.5").group("layer").orElseThrow()
                .ops().get(5);
        assertEquals(32, a.heads());
        assertEquals(4, a.kvHeads());
        Attention b = (Attention) lower(m, new Phase.Prefill(1, 64), "omission:0.3").group("layer").orElseThrow()
                .ops().get(5);
        assertEquals(45, b.heads()); // round(64 · 0.7)
        assertEquals(6, b.kvHeads()); // ceil(45 / 8)
    }

    @Test
    void causalPairsEqualABruteForceCount() {
        for (int[] c : new int[][] {{1, 1}, {7, 7}, {3, 10}, {128, 128}, {1, 4096}}) {
            int q = c[0];
            int kv = c[1];
            long pairs = 0;
            for (int i = 0; i < q; i++) {
                pairs += kv - q + i + 1;
            }
            Attention a = new Attention("a", Pass.FORWARD, 2, 4, 2, 16, q, kv, true, Precision.BF16, 4);
            assertEquals(pairs, a.attendedPairs(), q + "x" + kv);
            assertEquals(4.0 * 2 * 4 * 16 * pairs, a.flops());
        }
        Attention decode = new Attention("a", Pass.FORWARD, 1, 32, 8, 128, 1, 4096, false, Precision.BF16, 32);
        assertEquals(4096, decode.attendedPairs());
        // Reads Q, writes O, reads the KV cache: 8 KV heads x 128 x 4096 positions x (K and V).
        assertEquals(2.0 * (2 * 32 * 128 + 2 * 8 * 128 * 4096), decode.minBytes());
    }

    @Test
    void gemmBytesCountCompressedWeights() {
        Gemm dense = Gemm.forward("up", LayerType.UP, 1, 11008, 4096, Precision.BF16, WeightSparsity.DENSE);
        Gemm nm = Gemm.forward("up", LayerType.UP, 1, 11008, 4096, Precision.BF16, new WeightSparsity.NM(2, 4));
        long weights = 4096L * 11008;
        double activations = 2.0 * (4096 + 11008);
        assertEquals(2.0 * weights + activations, dense.minBytes());
        // Half the values plus 2 bits of index per kept value.
        assertEquals(weights + weights / 2 * 2 / 8 + activations, nm.minBytes());
        assertEquals(Gemm.SparseOperand.B, nm.sparseOperand());
        assertEquals(Gemm.SparseOperand.NONE, dense.sparseOperand());
        assertEquals(dense.flops() / 2, nm.flops());
    }

    @Test
    void gemmPassesSeeTheSameWeight() {
        WeightSparsity s = new WeightSparsity.NM(2, 4);
        // Forward of a 6-input layer: 2:4 keeps 4 of 6 per output row; dgrad and wgrad must agree.
        Gemm f = new Gemm("x", LayerType.UP, Pass.FORWARD, new GemmShape(3, 5, 6), null, Precision.BF16, s);
        Gemm d = new Gemm("x", LayerType.UP, Pass.DGRAD, new GemmShape(3, 6, 5), null, Precision.BF16, s);
        Gemm w = new Gemm("x", LayerType.UP, Pass.WGRAD, new GemmShape(6, 5, 3), null, Precision.BF16, s);
        assertEquals(20, f.weightNonzeros());
        assertEquals(20, d.weightNonzeros());
        assertEquals(20, w.weightNonzeros());
        assertEquals(f.flops(), d.flops());
        assertEquals(f.flops(), w.flops());
        assertEquals(Gemm.SparseOperand.C, w.sparseOperand());
    }

    @Test
    void decodeIsDominatedByWeightAndKvBytes() {
        OpGraph g = lower(LLAMA7B, new Phase.Decode(1, 4096), "dense");
        double weightBytes = 2.0 * LLAMA7B.matmulParameters();
        double kvBytes = 2.0 * 2 * 32 * 4096 * 4096;
        assertTrue(g.minBytes() > weightBytes + kvBytes);
        assertTrue(g.minBytes() < 1.01 * (weightBytes + kvBytes), () -> String.valueOf(g.minBytes()));
    }

    @Test
    void perLayerSpecsReachTheRightGemms() {
        OpGraph g = lower(CATALOG.get("tiny-llama"), new Phase.Prefill(1, 32), "mlp=unstructured:0.7+attn=2:4");
        String patterns = gemms(g.group("layer").orElseThrow()).stream()
                .map(x -> x.layerType() + "=" + x.sparsity()).collect(Collectors.joining(","));
        assertEquals("q=2:4,k=2:4,v=2:4,o=2:4,gate=unstructured:0.7,up=unstructured:0.7,down=unstructured:0.7",
                patterns);
        assertEquals(WeightSparsity.DENSE, gemms(g.group("head").orElseThrow()).get(0).sparsity());
    }
}
