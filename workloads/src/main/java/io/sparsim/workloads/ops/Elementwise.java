package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import java.util.Objects;

/**
 * A pointwise op over {@code elements} values. FLOPs per element are op counts (a transcendental
 * counts as one), not hardware rates.
 *
 * @param denseElements the element count with nothing omitted; {@link #denseFlops()} uses it
 */
public record Elementwise(String name, Kind kind, Pass pass, long elements, long denseElements, Precision precision)
        implements Op {

    /** Per-element FLOPs and tensors read/written, forward and backward. */
    public enum Kind {
        /** silu(gate)·up: SiLU is negate, exp, add, divide (4) plus the product (1); backward recomputes
         *  the sigmoid (4), its derivative (4) and two products (2); reads gate, up (and dy), writes out
         *  (dgate, dup). */
        SWIGLU(5, 2, 1, 10, 3, 2),
        /** x + f(x); the backward adds the branch gradient to the skip gradient. */
        RESIDUAL_ADD(1, 2, 1, 1, 2, 1),
        /** Rotary embedding on Q and K: x·cos + rot(x)·sin (2 multiplies, 1 add); the backward rotates
         *  back the same way. The cos/sin tables are shared across heads and batch and not counted. */
        ROPE(3, 1, 1, 3, 1, 1),
        /** Softmax cross-entropy over the logits fused with its gradient (max, subtract, exp, sum,
         *  normalize and subtract the one-hot: 5 per logit); reads logits, writes dlogits. Used once in
         *  training, as a FORWARD op. */
        CROSS_ENTROPY(5, 1, 1, 5, 1, 1);

        private final int forwardFlops;
        private final int forwardReads;
        private final int forwardWrites;
        private final int backwardFlops;
        private final int backwardReads;
        private final int backwardWrites;

        Kind(int forwardFlops, int forwardReads, int forwardWrites, int backwardFlops, int backwardReads,
             int backwardWrites) {
            this.forwardFlops = forwardFlops;
            this.forwardReads = forwardReads;
            this.forwardWrites = forwardWrites;
            this.backwardFlops = backwardFlops;
            this.backwardReads = backwardReads;
            this.backwardWrites = backwardWrites;
        }

        public int flopsPerElement(Pass pass) {
            return pass == Pass.FORWARD ? forwardFlops : backwardFlops;
        }

        /** Tensors of the element count read plus written. */
        public int tensorsMoved(Pass pass) {
            return pass == Pass.FORWARD ? forwardReads + forwardWrites : backwardReads + backwardWrites;
        }
    }

    public Elementwise {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(precision, "precision");
        if (pass == Pass.WGRAD) {
            throw new IllegalArgumentException("elementwise ops have no weights: pass FORWARD or DGRAD");
        }
        if (elements <= 0 || denseElements < elements) {
            throw new IllegalArgumentException("elements " + elements + " must be positive and at most " + denseElements);
        }
    }

    @Override
    public double flops() {
        return (double) kind.flopsPerElement(pass) * elements;
    }

    @Override
    public double denseFlops() {
        return (double) kind.flopsPerElement(pass) * denseElements;
    }

    @Override
    public double minBytes() {
        return (double) kind.tensorsMoved(pass) * elements * precision.bytes();
    }
}
