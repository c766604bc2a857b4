package io.sparsim.simulator.wafer;

import io.sparsim.workloads.Phase;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OpGraph;
import io.sparsim.workloads.ops.OpGroup;
import io.sparsim.workloads.ops.Pass;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a workload keeps in wafer SRAM, read off its lowered graph: per-token activations of one decoder layer
 * (what its backward needs: layer input, both norm outputs, q, k, v, attention output, attention residual,
 * gate, up and the SwiGLU output), the KV cache, the logits, and the largest weight set a layer holds.
 *
 * @param layers             decoder layers
 * @param hidden             model width
 * @param layerElementsPerToken activation elements one layer keeps per token
 * @param kvElementsPerToken KV-cache elements per token over all layers
 * @param headElementsPerToken logits and final-norm output per token (training keeps them for the loss)
 * @param bytesPerElement    activation precision
 * @param layerWeights       weight elements of one decoder layer (q, k, v, o, gate, up, down)
 * @param headWeights        weight elements of the LM head
 */
record Footprint(int layers, long hidden, long layerElementsPerToken, long kvElementsPerToken,
                 long headElementsPerToken, int bytesPerElement, long layerWeights, long headWeights) {

    /** How activations of a training step are kept for the backward. */
    enum Policy {
        /** Inference: one layer's activations at a time (plus the KV cache). */
        FORWARD_ONLY("forward only"),
        /** Every layer's activations stay on the wafer until its backward. */
        STORE_ALL("all activations kept for the backward"),
        /** Only each layer's input stays; the backward recomputes the layer's forward first. */
        RECOMPUTE("layer inputs kept, each layer's forward recomputed in the backward");

        private final String text;

        Policy(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    static Footprint of(OpGraph graph) {
        Map<LayerType, Gemm> fwd = new EnumMap<>(LayerType.class);
        int layers = 1;
        for (OpGroup g : graph.groups()) {
            if (g.name().equals("layer")) {
                layers = g.repeat();
            }
            for (Op op : g.ops()) {
                if (op instanceof Gemm gm && gm.pass() == Pass.FORWARD) {
                    fwd.putIfAbsent(gm.layerType(), gm);
                }
            }
        }
        var model = graph.workload().model();
        long hidden = model.hidden();
        long layerSet = 4 * hidden + out(fwd, LayerType.Q) + out(fwd, LayerType.K) + out(fwd, LayerType.V)
                + in(fwd, LayerType.O) + out(fwd, LayerType.GATE) + out(fwd, LayerType.UP) + in(fwd, LayerType.DOWN);
        long kv = (out(fwd, LayerType.K) + out(fwd, LayerType.V)) * (long) layers;
        long head = graph.workload().phase() instanceof Phase.Train ? model.vocab() + hidden : 0;
        long layerWeights = 0;
        for (LayerType l : LayerType.values()) {
            if (l != LayerType.LM_HEAD) {
                layerWeights += model.weightElements(l);
            }
        }
        return new Footprint(layers, hidden, layerSet, kv, head, graph.workload().precision().bytes(), layerWeights,
                model.weightElements(LayerType.LM_HEAD));
    }

    private static long out(Map<LayerType, Gemm> fwd, LayerType l) {
        Gemm g = fwd.get(l);
        return g == null ? 0 : g.weightOut();
    }

    private static long in(Map<LayerType, Gemm> fwd, LayerType l) {
        Gemm g = fwd.get(l);
        return g == null ? 0 : g.weightIn();
    }

    /** Activation bytes one sequence keeps on the wafer under {@code policy}. */
    double bytesPerSequence(Policy policy, Phase phase) {
        double b = bytesPerElement;
        return switch (policy) {
            case FORWARD_ONLY -> {
                if (phase instanceof Phase.Decode d) {
                    yield (kvElementsPerToken * (double) d.kvLen() + layerElementsPerToken) * b;
                }
                long seq = ((Phase.Prefill) phase).seqLen();
                yield (double) seq * (layerElementsPerToken + kvElementsPerToken) * b;
            }
            case STORE_ALL -> seqLen(phase) * ((double) layers * layerElementsPerToken + headElementsPerToken) * b;
            case RECOMPUTE -> seqLen(phase) * ((double) layers * hidden + layerElementsPerToken
                    + headElementsPerToken) * b;
        };
    }

    /**
     * SRAM for weights on the wafer: a one-layer prefetch buffer that lets the I/O stream run ahead across ops,
     * and in training a second layer's worth for the layer being differentiated (its backward re-reads them).
     * Sized for any density: values plus a bitmask, at most the dense size plus 1/8 byte per weight.
     */
    double weightCacheBytes(Phase phase) {
        int layers = phase instanceof Phase.Train ? 2 : 1;
        return layers * Math.max(layerWeights, headWeights) * (bytesPerElement + 1.0 / 8);
    }

    private static long seqLen(Phase phase) {
        return phase instanceof Phase.Train t ? t.seqLen() : ((Phase.Prefill) phase).seqLen();
    }
}
