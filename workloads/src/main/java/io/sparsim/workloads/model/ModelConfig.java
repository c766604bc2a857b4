package io.sparsim.workloads.model;

import io.sparsim.core.BadInputException;

/**
 * Shapes of a LLaMA-family decoder: SwiGLU MLP (gate, up, down), RMSNorm before attention and
 * MLP, rotary embeddings, grouped-query attention and an untied LM head.
 *
 * @param intermediate the MLP (FFN) width
 * @param kvHeads key/value heads; equal to {@code heads} for multi-head attention
 */
public record ModelConfig(String id, String name, int layers, int hidden, int intermediate, int heads,
                          int kvHeads, int vocab) {

    public ModelConfig {
        if (id == null || id.isBlank()) {
            throw new BadInputException("model.id", "a non-empty model id", id);
        }
        if (name == null || name.isBlank()) {
            name = id;
        }
        positive("layers", layers);
        positive("hidden", hidden);
        positive("intermediate", intermediate);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("vocab", vocab);
        if (hidden % heads != 0) {
            throw new BadInputException("model.heads", "a head count that divides hidden " + hidden, heads);
        }
        if (heads % kvHeads != 0) {
            throw new BadInputException("model.kvHeads", "a KV head count that divides heads " + heads, kvHeads);
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new BadInputException("model." + field, "a positive integer", value);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hidden / heads;
    }

    /** Width of the K (and V) projection output: kvHeads x headDim. */
    public int kvDim() {
        return kvHeads * headDim();
    }

    /** Query heads sharing one KV head (1 for multi-head attention). */
    public int queriesPerKvHead() {
        return heads / kvHeads;
    }

    /** Input features of {@code layer}'s weight (the reduction dimension of its forward GEMM). */
    public int inFeatures(LayerType layer) {
        return switch (layer) {
            case Q, K, V, GATE, UP, LM_HEAD -> hidden;
            case O -> hidden; // heads x headDim == hidden
            case DOWN -> intermediate;
        };
    }

    /** Output features of {@code layer}'s weight. */
    public int outFeatures(LayerType layer) {
        return switch (layer) {
            case Q, O, DOWN -> hidden;
            case K, V -> kvDim();
            case GATE, UP -> intermediate;
            case LM_HEAD -> vocab;
        };
    }

    /** Elements of {@code layer}'s weight matrix (one layer's worth; LM head once). */
    public long weightElements(LayerType layer) {
        return (long) inFeatures(layer) * outFeatures(layer);
    }

    /** Linear weights of one decoder layer: q, k, v, o, gate, up, down. */
    public long layerMatmulParameters() {
        long sum = 0;
        for (LayerType l : LayerType.values()) {
            if (l != LayerType.LM_HEAD) {
                sum += weightElements(l);
            }
        }
        return sum;
    }

    /** All linear weights including the LM head, excluding the embedding and the norms. */
    public long matmulParameters() {
        return layers * layerMatmulParameters() + weightElements(LayerType.LM_HEAD);
    }

    /** Every parameter: embedding, per-layer linears and two RMSNorm weights, final norm, untied LM head. */
    public long parameters() {
        long embedding = (long) vocab * hidden;
        long norms = (2L * layers + 1) * hidden;
        return embedding + matmulParameters() + norms;
    }
}
