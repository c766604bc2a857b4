package io.sparsim.workloads.ops;

import io.sparsim.core.BadInputException;

/** C[m×n] = A[m×k]·B[k×n]. */
public record GemmShape(long m, long n, long k) {
    public GemmShape {
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new BadInputException("gemm", "positive m, n and k", "m=" + m + " n=" + n + " k=" + k);
        }
    }

    /** Multiply-adds x 2. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** True when no dimension exceeds {@code other}'s. */
    public boolean fitsIn(GemmShape other) {
        return m <= other.m && n <= other.n && k <= other.k;
    }

    @Override
    public String toString() {
        return "m" + m + " n" + n + " k" + k;
    }
}
