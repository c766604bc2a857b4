package io.sparsim.kernels.cpu;

import io.sparsim.kernels.KernelGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Aᵀ packed for the sparse kernels at M ≥ 2: tokens in chunks of {@code width} (16, 32 or 64 lanes),
 * k-major, {@code at[OFF + (chunk*k + p)*width + lane]}; lanes past m are zero. {@link #at} is the calling
 * thread's pack buffer ({@link TokenTiles}), valid until its next multiply. One nonzero weight W[p][j]
 * then costs {@code vectors} vector FMAs, {@code acc += at[p] * w}, across all the chunk's tokens,
 * which is how the sparse kernels reuse each decoded weight m times and vectorize at all.
 */
final class TokenPanels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int LANES = KernelGeometry.LANES;

    /**
     * Floats before the first row. A pack buffer of half a G1 region or more ({@link TokenTiles}: 2 MiB at the
     * suite's 6 GiB heap) is a humongous object, which starts at a region boundary, so with the 16-byte array
     * header an offset of 12 floats puts every row on a 64-byte line and the 512-bit row loads do not split
     * across cache lines (measured 5–10% at M=64). Performance only: any placement gives the same results.
     */
    static final int OFF = 12;
    final int m;
    final int k;
    /** Vectors per token chunk: 1, 2 or 4. */
    final int vectors;
    final int width;
    final int chunks;
    final float[] at;
    /**
     * Rows of W per k-block so that one block of Aᵀ (rowsPerBlock × width floats = 32 KiB) stays in L1
     * while every column of a task reads it; a multiple of 64 (the CSR granule; the bitmask kernel keeps its own
     * 128-row blocks).
     */
    final int rowsPerBlock;

    private TokenPanels(float[] a, int m, int k, KernelPool pool) {
        this.m = m;
        this.k = k;
        this.vectors = KernelGeometry.panelVectors(m);
        this.width = KernelGeometry.panelWidth(m);
        this.chunks = (int) KernelGeometry.panelChunks(m);
        this.rowsPerBlock = blockRows(m);
        this.at = TokenTiles.pack(a, m, k, width, k, OFF, pool);
    }

    /** Rows per k-block of the panel for {@code m} tokens (see {@link #rowsPerBlock}). */
    static int blockRows(int m) {
        return KernelGeometry.panelBlockRows(KernelGeometry.panelWidth(m));
    }

    static TokenPanels pack(float[] a, int m, int k, KernelPool pool) {
        return new TokenPanels(a, m, k, pool);
    }

    /** Index in {@link #at} of row 0 of {@code chunk}. */
    int base(int chunk) {
        return OFF + chunk * k * width;
    }

    /** Tokens held by {@code chunk} (the last may be partial). */
    int tokens(int chunk) {
        return Math.min(width, m - chunk * width);
    }

    /** Copies a task's per-column accumulators {@code buf[col*width + lane]} into C's rows. */
    void store(float[] buf, int chunk, int j0, int cols, float[] c, int n) {
        int i0 = chunk * width;
        int rows = tokens(chunk);
        for (int l = 0; l < rows; l++) {
            int crow = (i0 + l) * n + j0;
            for (int jl = 0; jl < cols; jl++) {
                c[crow + jl] = buf[jl * width + l];
            }
        }
    }
}
