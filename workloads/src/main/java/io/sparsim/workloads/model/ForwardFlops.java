package io.sparsim.workloads.model;

import io.sparsim.core.BadInputException;

/**
 * Closed-form dense forward FLOPs, the yardstick the lowered graphs are checked against.
 *
 * <p>Counts multiply-adds as 2 FLOPs and only matrix products: every linear weight (LM head
 * included) once per token, plus attention's QK^T and PV. Norms, RoPE, SwiGLU and softmax are left
 * out, as in the usual "2N + attention" rule.
 */
public final class ForwardFlops {
    private ForwardFlops() {
    }

    /**
     * FLOPs to run one token forward through {@code model} when that token attends {@code seqLen}
     * keys (its own position included): {@code 2·matmulParameters + 4·layers·seqLen·heads·headDim}.
     * This is the cost of one decode step with a KV length of {@code seqLen}; in prefill a token at
     * position i attends i+1 keys instead, so this over-counts prefill's average token.
     */
    public static long perToken(ModelConfig model, int seqLen) {
        if (seqLen <= 0) {
            throw new BadInputException("seq", "a positive sequence length", seqLen);
        }
        long attention = 4L * model.layers() * seqLen * model.heads() * model.headDim();
        return 2 * model.matmulParameters() + attention;
    }
}
