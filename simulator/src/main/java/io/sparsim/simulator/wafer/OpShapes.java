package io.sparsim.simulator.wafer;

import io.sparsim.workloads.ops.Attention;
import io.sparsim.workloads.ops.Elementwise;
import io.sparsim.workloads.ops.Embedding;
import io.sparsim.workloads.ops.Gemm;
import io.sparsim.workloads.ops.GemmShape;
import io.sparsim.workloads.ops.Norm;
import io.sparsim.workloads.ops.Op;
import io.sparsim.workloads.ops.OptimizerUpdate;
import io.sparsim.workloads.ops.Pass;
import io.sparsim.workloads.sparsity.WeightSparsity;

/** Copies of lowered ops at another batch (a micro-batch of the step) or under another name. */
final class OpShapes {
    private OpShapes() {}

    /** {@code op} for {@code part} of the step's {@code whole} sequences (token dimensions scaled). */
    static Op scale(Op op, long whole, long part) {
        if (part == whole) {
            return op;
        }
        if (op instanceof Gemm g) {
            return new Gemm(g.name(), g.layerType(), g.pass(), scale(g.shape(), g.pass(), whole, part),
                    scale(g.denseShape(), g.pass(), whole, part), g.precision(), g.sparsity());
        }
        if (op instanceof Attention a) {
            return new Attention(a.name(), a.pass(), tokens(a.batch(), whole, part), a.heads(), a.kvHeads(),
                    a.headDim(), a.queryLen(), a.kvLen(), a.causal(), a.precision(), a.denseHeads());
        }
        if (op instanceof Norm n) {
            return new Norm(n.name(), n.pass(), tokens(n.tokens(), whole, part), n.hidden(), n.precision());
        }
        if (op instanceof Elementwise e) {
            return new Elementwise(e.name(), e.kind(), e.pass(), tokens(e.elements(), whole, part),
                    tokens(e.denseElements(), whole, part), e.precision());
        }
        if (op instanceof Embedding e) {
            return new Embedding(e.name(), e.pass(), tokens(e.tokens(), whole, part), e.hidden(), e.vocab(),
                    e.precision());
        }
        return op; // the optimizer runs once per step, whatever the micro-batch
    }

    /** {@code op} renamed {@code name + suffix} (recomputed forward ops in the backward). */
    static Op rename(Op op, String suffix) {
        if (op instanceof Gemm g) {
            return new Gemm(g.name() + suffix, g.layerType(), g.pass(), g.shape(), g.denseShape(), g.precision(),
                    g.sparsity());
        }
        if (op instanceof Attention a) {
            return new Attention(a.name() + suffix, a.pass(), a.batch(), a.heads(), a.kvHeads(), a.headDim(),
                    a.queryLen(), a.kvLen(), a.causal(), a.precision(), a.denseHeads());
        }
        if (op instanceof Norm n) {
            return new Norm(n.name() + suffix, n.pass(), n.tokens(), n.hidden(), n.precision());
        }
        if (op instanceof Elementwise e) {
            return new Elementwise(e.name() + suffix, e.kind(), e.pass(), e.elements(), e.denseElements(),
                    e.precision());
        }
        if (op instanceof Embedding e) {
            return new Embedding(e.name() + suffix, e.pass(), e.tokens(), e.hidden(), e.vocab(), e.precision());
        }
        OptimizerUpdate o = (OptimizerUpdate) op;
        return new OptimizerUpdate(o.name() + suffix, o.parameters(), o.denseParameters(), o.precision());
    }

    /** The same GEMM with a dense weight and nothing omitted: the twin a sparse op is compared with. */
    static Gemm denseTwin(Gemm g) {
        return new Gemm(g.name(), g.layerType(), g.pass(), g.denseShape(), g.denseShape(), g.precision(),
                WeightSparsity.DENSE);
    }

    private static GemmShape scale(GemmShape s, Pass pass, long whole, long part) {
        return pass == Pass.WGRAD ? new GemmShape(s.m(), s.n(), tokens(s.k(), whole, part))
                : new GemmShape(tokens(s.m(), whole, part), s.n(), s.k());
    }

    /** A token-proportional count for {@code part} of {@code whole} sequences (exact when divisible). */
    static long tokens(long count, long whole, long part) {
        if (count % whole == 0) {
            return count / whole * part;
        }
        return Math.max(1, Math.round((double) count * part / whole));
    }
}
