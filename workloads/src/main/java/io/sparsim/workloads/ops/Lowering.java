package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.Omission;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Workload} into an {@link OpGraph}.
 *
 * <p>Groups: {@code embedding}×1, {@code layer}×layers, {@code head}×1 (final norm, LM head, and in
 * training the loss); training adds {@code head.backward}, {@code layer.backward}×layers,
 * {@code embedding.backward} and {@code optimizer}. Conventions:
 * <ul>
 *   <li>Prefill computes logits for the last position of each sequence only (as serving engines
 *       do); decode and training for every token.
 *   <li>Omission (SAT) keeps round(count·(1-rate)) MLP channels and query heads; omitted query heads
 *       are packed into whole groups, so ceil(keptHeads / queriesPerKvHead) KV heads remain. It
 *       shrinks gate/up outputs, down inputs, q/k/v outputs, o inputs, attention, RoPE and SwiGLU,
 *       forward and backward.
 *   <li>Training stores all activations (no recomputation) and runs the backward of every layer,
 *       the first included.
 * </ul>
 * A workload with a schedule lowers with its spec's own omission; use {@link Workload#atStep}
 * for a given step.
 */
public final class Lowering {
    private Lowering() {
    }

    /** The op graph of {@code workload}. */
    public static OpGraph lower(Workload workload) {
        return new Builder(workload).build();
    }

    private static final class Builder {
        private final Workload w;
        private final ModelConfig model;
        private final Precision precision;
        private final SparsitySpec spec;
        private final Phase phase;
        private final long tokens;
        private final int keptHeads;
        private final int keptKvHeads;
        private final int keptIntermediate;

        Builder(Workload w) {
            this.w = w;
            this.model = w.model();
            this.precision = w.precision();
            this.spec = w.sparsity();
            this.phase = w.phase();
            this.tokens = phase.tokens();
            Omission om = spec.omission();
            this.keptHeads = om.kept(model.heads());
            this.keptKvHeads = Math.min(model.kvHeads(), ceilDiv(keptHeads, model.queriesPerKvHead()));
            this.keptIntermediate = om.kept(model.intermediate());
        }

        OpGraph build() {
            List<OpGroup> groups = new ArrayList<>();
            groups.add(new OpGroup("embedding",
                    List.of(new Embedding("embedding", Pass.FORWARD, tokens, model.hidden(), model.vocab(), precision)), 1));
            groups.add(new OpGroup("layer", layerForward(), model.layers()));
            groups.add(new OpGroup("head", headForward(), 1));
            if (phase instanceof Phase.Train) {
                groups.add(new OpGroup("head.backward", headBackward(), 1));
                groups.add(new OpGroup("layer.backward", layerBackward(), model.layers()));
                groups.add(new OpGroup("embedding.backward",
                        List.of(new Embedding("embedding.wgrad", Pass.WGRAD, tokens, model.hidden(), model.vocab(),
                                precision)), 1));
                groups.add(new OpGroup("optimizer", List.of(optimizer()), 1));
            }
            return new OpGraph(w, groups);
        }

        // --- shapes ----------------------------------------------------------------------------

        /** Input features of {@code l} after omission. */
        private long keptIn(LayerType l) {
            return switch (l) {
                case O -> (long) keptHeads * model.headDim();
                case DOWN -> keptIntermediate;
                default -> model.inFeatures(l);
            };
        }

        /** Output features of {@code l} after omission. */
        private long keptOut(LayerType l) {
            return switch (l) {
                case Q -> (long) keptHeads * model.headDim();
                case K, V -> (long) keptKvHeads * model.headDim();
                case GATE, UP -> keptIntermediate;
                default -> model.outFeatures(l);
            };
        }

        private Gemm gemm(LayerType l, Pass pass, long m) {
            long in = keptIn(l);
            long out = keptOut(l);
            long fullIn = model.inFeatures(l);
            long fullOut = model.outFeatures(l);
            GemmShape shape;
            GemmShape dense;
            String name = l.id() + "_proj";
            switch (pass) {
                case FORWARD -> {
                    shape = new GemmShape(m, out, in);
                    dense = new GemmShape(m, fullOut, fullIn);
                }
                case DGRAD -> {
                    shape = new GemmShape(m, in, out);
                    dense = new GemmShape(m, fullIn, fullOut);
                    name += ".dgrad";
                }
                default -> {
                    shape = new GemmShape(in, out, m);
                    dense = new GemmShape(fullIn, fullOut, m);
                    name += ".wgrad";
                }
            }
            if (l == LayerType.LM_HEAD) {
                name = name.replace("lm_head_proj", "lm_head");
            }
            return new Gemm(name, l, pass, shape, dense, precision, spec.weight(l));
        }

        private Attention attention(Pass pass) {
            String name = pass == Pass.FORWARD ? "attention" : "attention.backward";
            if (phase instanceof Phase.Decode d) {
                return new Attention(name, pass, d.batch(), keptHeads, keptKvHeads, model.headDim(), 1, d.kvLen(), false,
                        precision, model.heads());
            }
            if (phase instanceof Phase.Prefill p) {
                return causal(name, pass, p.batch(), p.seqLen());
            }
            Phase.Train t = (Phase.Train) phase;
            return causal(name, pass, t.batch(), t.seqLen());
        }

        private Attention causal(String name, Pass pass, int batch, int seqLen) {
            return new Attention(name, pass, batch, keptHeads, keptKvHeads, model.headDim(), seqLen, seqLen, true,
                    precision, model.heads());
        }

        private Elementwise rope(Pass pass) {
            long kept = tokens * (keptHeads + keptKvHeads) * model.headDim();
            long full = tokens * (model.heads() + model.kvHeads()) * model.headDim();
            return new Elementwise(pass == Pass.FORWARD ? "rope" : "rope.backward", Elementwise.Kind.ROPE, pass, kept,
                    full, precision);
        }

        private Elementwise swiglu(Pass pass) {
            return new Elementwise(pass == Pass.FORWARD ? "swiglu" : "swiglu.backward", Elementwise.Kind.SWIGLU, pass,
                    tokens * keptIntermediate, tokens * model.intermediate(), precision);
        }

        private Elementwise residual(String name, Pass pass) {
            long n = tokens * model.hidden();
            return new Elementwise(name, Elementwise.Kind.RESIDUAL_ADD, pass, n, n, precision);
        }

        private Norm norm(String name, Pass pass, long rows) {
            return new Norm(name, pass, rows, model.hidden(), precision);
        }

        // --- groups ----------------------------------------------------------------------------

        private List<Op> layerForward() {
            Pass f = Pass.FORWARD;
            return List.of(
                    norm("attn_norm", f, tokens),
                    gemm(LayerType.Q, f, tokens),
                    gemm(LayerType.K, f, tokens),
                    gemm(LayerType.V, f, tokens),
                    rope(f),
                    attention(f),
                    gemm(LayerType.O, f, tokens),
                    residual("attn_residual", f),
                    norm("mlp_norm", f, tokens),
                    gemm(LayerType.GATE, f, tokens),
                    gemm(LayerType.UP, f, tokens),
                    swiglu(f),
                    gemm(LayerType.DOWN, f, tokens),
                    residual("mlp_residual", f));
        }

        private List<Op> layerBackward() {
            Pass d = Pass.DGRAD;
            Pass g = Pass.WGRAD;
            return List.of(
                    residual("mlp_residual.backward", d),
                    gemm(LayerType.DOWN, d, tokens),
                    gemm(LayerType.DOWN, g, tokens),
                    swiglu(d),
                    gemm(LayerType.UP, d, tokens),
                    gemm(LayerType.UP, g, tokens),
                    gemm(LayerType.GATE, d, tokens),
                    gemm(LayerType.GATE, g, tokens),
                    norm("mlp_norm.backward", d, tokens),
                    residual("attn_residual.backward", d),
                    gemm(LayerType.O, d, tokens),
                    gemm(LayerType.O, g, tokens),
                    attention(d),
                    rope(d),
                    gemm(LayerType.V, d, tokens),
                    gemm(LayerType.V, g, tokens),
                    gemm(LayerType.K, d, tokens),
                    gemm(LayerType.K, g, tokens),
                    gemm(LayerType.Q, d, tokens),
                    gemm(LayerType.Q, g, tokens),
                    norm("attn_norm.backward", d, tokens));
        }

        /** Rows that reach the LM head: the last position per sequence in prefill. */
        private long headTokens() {
            return phase instanceof Phase.Prefill p ? p.batch() : tokens;
        }

        private List<Op> headForward() {
            List<Op> ops = new ArrayList<>();
            ops.add(norm("final_norm", Pass.FORWARD, tokens));
            ops.add(gemm(LayerType.LM_HEAD, Pass.FORWARD, headTokens()));
            if (phase instanceof Phase.Train) {
                long logits = tokens * model.vocab();
                ops.add(new Elementwise("loss", Elementwise.Kind.CROSS_ENTROPY, Pass.FORWARD, logits, logits, precision));
            }
            return ops;
        }

        private List<Op> headBackward() {
            return List.of(
                    gemm(LayerType.LM_HEAD, Pass.DGRAD, tokens),
                    gemm(LayerType.LM_HEAD, Pass.WGRAD, tokens),
                    norm("final_norm.backward", Pass.DGRAD, tokens));
        }

        /** Adam over the kept weights of every linear layer plus the dense embedding and norms. */
        private OptimizerUpdate optimizer() {
            long kept = 0;
            for (LayerType l : LayerType.values()) {
                long nnz = spec.weight(l).keptValues(model.outFeatures(l), model.inFeatures(l));
                kept += l == LayerType.LM_HEAD ? nnz : nnz * model.layers();
            }
            long denseOthers = model.parameters() - model.matmulParameters();
            return new OptimizerUpdate("adam", kept + denseOthers, model.parameters(), precision);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
