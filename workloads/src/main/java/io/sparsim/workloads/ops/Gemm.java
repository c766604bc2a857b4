package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import io.sparsim.workloads.model.LayerType;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.Objects;

/**
 * A linear layer's matrix product in one pass, C[m×n] = A[m×k]·B[k×n]:
 * <ul>
 *   <li>FORWARD: Y[tokens×out] = X[tokens×in]·W[in×out]; the sparse operand is B = W.
 *   <li>DGRAD: dX[tokens×in] = dY[tokens×out]·W^T[out×in]; the sparse operand is B = W^T.
 *   <li>WGRAD: dW[in×out] = X^T[in×tokens]·dY[tokens×out]; with a sparse W only the kept positions
 *       of C are computed (SDDMM-like), so FLOPs scale with density.
 * </ul>
 *
 * @param shape the product actually computed (omitted channels/heads removed)
 * @param denseShape the same product with nothing omitted; {@link #denseFlops()} uses it
 */
public record Gemm(String name, LayerType layerType, Pass pass, GemmShape shape, GemmShape denseShape,
                   Precision precision, WeightSparsity sparsity) implements Op {

    /** Where the weight's sparsity sits in the product. */
    public enum SparseOperand {
        /** Dense weight. */
        NONE,
        /** B is the compressed weight W (forward) or W^T (dgrad). */
        B,
        /** C is the weight gradient, computed only at W's kept positions (wgrad). */
        C
    }

    public Gemm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layerType, "layerType");
        Objects.requireNonNull(pass, "pass");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(precision, "precision");
        denseShape = denseShape == null ? shape : denseShape;
        sparsity = sparsity == null ? WeightSparsity.DENSE : sparsity;
        if (!shape.fitsIn(denseShape)) {
            throw new IllegalArgumentException("shape " + shape + " exceeds dense shape " + denseShape);
        }
    }

    /** A forward GEMM with nothing omitted, as {@code sparsim op gemm --m --n --k} describes it. */
    public static Gemm forward(String name, LayerType layerType, long m, long n, long k, Precision precision,
                               WeightSparsity sparsity) {
        GemmShape s = new GemmShape(m, n, k);
        return new Gemm(name, layerType, Pass.FORWARD, s, s, precision, sparsity);
    }

    public long m() {
        return shape.m();
    }

    public long n() {
        return shape.n();
    }

    public long k() {
        return shape.k();
    }

    /** Input features of the weight as computed (its forward reduction dimension). */
    public long weightIn() {
        return switch (pass) {
            case FORWARD -> shape.k();
            case DGRAD -> shape.n();
            case WGRAD -> shape.m();
        };
    }

    /** Output features of the weight as computed. */
    public long weightOut() {
        return switch (pass) {
            case FORWARD, WGRAD -> shape.n();
            case DGRAD -> shape.k();
        };
    }

    /** Kept weight values (nn.Linear layout: out rows, in columns). */
    public long weightNonzeros() {
        return sparsity.keptValues(weightOut(), weightIn());
    }

    /** Bytes of the compressed weight (or weight gradient): kept values plus metadata. */
    public long weightBytes() {
        return sparsity.compressedBytes(weightOut(), weightIn(), precision);
    }

    /** Which operand is sparse in this pass. */
    public SparseOperand sparseOperand() {
        if (sparsity.isDense()) {
            return SparseOperand.NONE;
        }
        return pass == Pass.WGRAD ? SparseOperand.C : SparseOperand.B;
    }

    /** 2 x (the non-weight dimension) x kept weights. */
    @Override
    public double flops() {
        long other = pass == Pass.WGRAD ? shape.k() : shape.m();
        return 2.0 * other * weightNonzeros();
    }

    @Override
    public double denseFlops() {
        return denseShape.flops();
    }

    /**
     * The fewest bytes the weight (or its gradient) can move in: compressed, or every value dense when that is
     * fewer. A nearly dense weight's index metadata outweighs its few zeros, and any kernel may keep it dense.
     */
    public double leastWeightBytes() {
        return Math.min(weightBytes(), (double) weightIn() * weightOut() * precision.bytes());
    }

    /** The dense activation operands read and written once: A and C, or for WGRAD the two it reads. */
    public double activationBytes() {
        long b = precision.bytes();
        double a = (double) shape.m() * shape.k() * b;
        if (pass == Pass.WGRAD) {
            return a + (double) shape.k() * shape.n() * b;
        }
        return a + (double) shape.m() * shape.n() * b;
    }

    /** The activations read and written once, plus the weight (or its gradient) in its fewest bytes. */
    @Override
    public double minBytes() {
        return activationBytes() + leastWeightBytes();
    }
}
