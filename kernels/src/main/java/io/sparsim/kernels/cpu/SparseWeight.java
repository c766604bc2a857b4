package io.sparsim.kernels.cpu;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;

/**
 * A weight W[k×n] encoded for one storage format, ready to multiply: C[m×n] = A[m×k] · W.
 * Implementations are immutable and thread-safe; all keep their own copy of the data.
 *
 * <p>Operands are row-major fp32 arrays: {@code a[i*k + p]}, {@code w[p*n + j]}, {@code c[i*n + j]}.
 * {@code multiply} overwrites {@code c[0 .. m*n)}.
 */
public sealed interface SparseWeight permits DenseKernel, CsrKernel, BitmaskKernel, TwoFourKernel, BlockKernel {

    /** Reduction dimension (rows of W). */
    int k();

    /** Output columns (columns of W). */
    int n();

    KernelId format();

    /**
     * Largest M this kernel runs on its row path, one pass over the weight per token (1: only the GEMV); beyond
     * it the token-panel or register-blocked path. The CPU model reads the same figure from
     * {@link io.sparsim.kernels.KernelGeometry#rowPathTokens}.
     */
    default int rowPathTokens() {
        return 1;
    }

    /**
     * Rows of W per k-block the token-panel path walks for {@code m} tokens, 0 for a kernel without one (dense,
     * block16). The CPU model counts column visits with {@link io.sparsim.kernels.KernelGeometry#kBlockRows}.
     */
    default int kBlockRows(int m) {
        return 0;
    }

    /** Stored nonzero weights (for block16: all elements of the stored blocks; for dense: k·n). */
    long storedValues();

    /** Bytes of the encoded weight (values, indices, masks, pointers), the traffic one pass reads. */
    long storedBytes();

    /** C = A · W on {@code pool}'s threads. */
    void multiply(float[] a, int m, float[] c, KernelPool pool);

    /** C = A · W on the {@link KernelPool#common() common pool}. */
    default void multiply(float[] a, int m, float[] c) {
        multiply(a, m, c, KernelPool.common());
    }

    /**
     * Encodes the dense row-major weight {@code w[k×n]} in {@code format}. Zeros are the sparsity:
     * csr and bitmask keep exactly the nonzeros; 2:4 requires at most 2 nonzeros in every group of 4
     * consecutive rows of a column (BadInputException otherwise); block16 keeps every 16×16 block that
     * has a nonzero. csr needs k ≤ 65536 (16-bit row indices).
     */
    static SparseWeight encode(float[] w, int k, int n, KernelId format) {
        return encode(w, k, n, format, KernelPaths.DEFAULT);
    }

    /** {@link #encode(float[], int, int, KernelId)} running {@code paths} where the format has a choice (csr, bitmask). */
    static SparseWeight encode(float[] w, int k, int n, KernelId format, KernelPaths paths) {
        Shapes.checkWeight(w, k, n);
        return switch (format) {
            case DENSE -> new DenseKernel(w, k, n);
            case CSR -> new CsrKernel(w, k, n, paths);
            case BITMASK -> new BitmaskKernel(w, k, n, paths);
            case TWO_FOUR -> new TwoFourKernel(w, k, n);
            case BLOCK16 -> new BlockKernel(w, k, n);
        };
    }

    /** Checks the operand sizes of a multiply. */
    default void checkOperands(float[] a, int m, float[] c) {
        if (m <= 0) {
            throw new BadInputException("m", "a positive number of rows of A", m);
        }
        Shapes.checkLength("a", a, (long) m * k());
        Shapes.checkLength("c", c, (long) m * n());
    }
}
