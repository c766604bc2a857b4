package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import java.util.Objects;

/**
 * RMSNorm over {@code hidden} features of {@code tokens} rows: y = x / rms(x) · g.
 * Forward FLOPs: 4 per element (square, sum, scale, gain); the per-row rsqrt is ignored.
 * Backward (DGRAD, dx and dg together): 2x forward, an estimate from the chain rule's extra
 * row-dot product and scaling.
 */
public record Norm(String name, Pass pass, long tokens, long hidden, Precision precision) implements Op {
    static final int FORWARD_FLOPS_PER_ELEMENT = 4;

    public Norm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(precision, "precision");
        if (pass == Pass.WGRAD) {
            throw new IllegalArgumentException("norm backward is one DGRAD op (dx and dg together)");
        }
        if (tokens <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("norm sizes must be positive");
        }
    }

    @Override
    public double flops() {
        double forward = (double) FORWARD_FLOPS_PER_ELEMENT * tokens * hidden;
        return pass == Pass.FORWARD ? forward : 2 * forward;
    }

    @Override
    public double denseFlops() {
        return flops();
    }

    /** Forward: read x and g, write y. Backward: read x, dy and g, write dx and dg. */
    @Override
    public double minBytes() {
        double rows = (double) tokens * hidden;
        double elements = pass == Pass.FORWARD ? 2 * rows + hidden : 3 * rows + 2.0 * hidden;
        return elements * precision.bytes();
    }
}
