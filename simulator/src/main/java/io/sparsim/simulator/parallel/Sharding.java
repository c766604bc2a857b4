package io.sparsim.simulator.parallel;

import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Elementwise;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.GemmShape;
import io.sparsim.workloads.ops.Op;

/**
 * One tensor-parallel rank's share of an op, split as Megatron-LM splits a LLaMA layer: q, k, v, gate, up and
 * the LM head by output features (column-parallel), o and down by input features (row-parallel), attention by
 * heads (each rank keeps at least one KV head), RoPE, SwiGLU and the loss on the rank's share; norms, residual
 * adds and the embedding lookup are replicated (no sequence parallelism). A sparse weight's shard keeps the
 * weight's pattern, so it keeps its density.
 */
final class Sharding {
    private Sharding() {}

    static Op shard(Op op, int tp, ModelConfig model) {
        if (tp == 1) {
            return op;
        }
        if (op instanceof Gemm g) {
            return gemm(g, tp, model);
        }
        if (op instanceof Attention a) {
            int heads = ceilDiv(a.heads(), tp);
            int kvHeads = ceilDiv(a.kvHeads(), tp);
            return new Attention(a.name(), a.pass(), a.batch(), heads, kvHeads, a.headDim(), a.queryLen(), a.kvLen(),
                    a.causal(), a.precision(), Math.max(heads, ceilDiv(a.denseHeads(), tp)));
        }
        if (op instanceof Elementwise e && e.kind() != Elementwise.Kind.RESIDUAL_ADD) {
            return new Elementwise(e.name(), e.kind(), e.pass(), ceilDiv(e.elements(), tp),
                    ceilDiv(e.denseElements(), tp), e.precision());
        }
        return op;
    }

    private static Gemm gemm(Gemm g, int tp, ModelConfig model) {
        boolean column = switch (g.layerType()) {
            case Q, K, V, GATE, UP, LM_HEAD -> true;
            case O, DOWN -> false;
        };
        // The weight's out (column-parallel) or in (row-parallel) features are split.
        long floor = g.layerType() == LayerType.K || g.layerType() == LayerType.V ? model.headDim() : 1;
        return new Gemm(g.name(), g.layerType(), g.pass(), split(g, g.shape(), column, tp, floor),
                split(g, g.denseShape(), column, tp, floor), g.precision(), g.sparsity());
    }

    /** {@code s} with the weight dimension that {@code column} names divided by {@code tp}, at least {@code floor}. */
    private static GemmShape split(Gemm g, GemmShape s, boolean column, int tp, long floor) {
        // FORWARD (m, out, in); DGRAD (m, in, out); WGRAD (in, out, m).
        return switch (g.pass()) {
            case FORWARD -> column ? new GemmShape(s.m(), div(s.n(), tp, floor), s.k())
                    : new GemmShape(s.m(), s.n(), div(s.k(), tp, floor));
            case DGRAD -> column ? new GemmShape(s.m(), s.n(), div(s.k(), tp, floor))
                    : new GemmShape(s.m(), div(s.n(), tp, floor), s.k());
            case WGRAD -> column ? new GemmShape(s.m(), div(s.n(), tp, floor), s.k())
                    : new GemmShape(div(s.m(), tp, floor), s.n(), s.k());
        };
    }

    private static long div(long x, int tp, long floor) {
        return Math.min(x, Math.max(floor, ceilDiv(x, tp)));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
