package io.sparsim.validation.cpu;

import io.sparsim.validation.measure.Format;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unstructured sparsity, bitmask-compressed: each column of W (row of Wᵀ) has one presence bit per
 * row, {@code ceil(k/64)} longs, and its nonzero values packed in row order. The smallest encoding
 * of the unstructured formats (1 bit + 4 bytes per nonzero instead of 2 + 4 bytes for csr).
 *
 * <ul>
 *   <li>M = 1: per column, set bits are walked with tzcnt/blsr ({@code numberOfTrailingZeros},
 *       {@code w & (w-1)}) and each one costs one a[p] load and one scalar FMA, two independent sums.
 *       Positions come from bits, not loaded indices, so this path is scalar.</li>
 *   <li>M ≥ 2: the same bit walk, each bit driving 1–4 vector FMAs over a token chunk of Aᵀ
 *       ({@link TokenPanels}), k-blocked on 64-row words.</li>
 * </ul>
 * Threads split the columns into contiguous ranges.
 */
public final class BitmaskKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int COLS_PER_TASK = 64;

    private final int k;
    private final int n;
    private final int words;
    /** {@code masks[j*words + q]}: bit b set ⇔ W[64q + b][j] ≠ 0. */
    private final long[] masks;
    private final float[] vals;
    /** {@code wordStart[j*words + q]}: index in vals of the first value of word q of column j. */
    private final int[] wordStart;
    private final long nnz;

    BitmaskKernel(float[] w, int k, int n) {
        this.k = k;
        this.n = n;
        this.words = Shapes.ceilDiv(k, 64);
        this.masks = new long[n * words];
        long count = 0;
        for (int p = 0; p < k; p++) {
            int row = p * n;
            int q = p >> 6;
            long bit = 1L << (p & 63);
            for (int j = 0; j < n; j++) {
                if (w[row + j] != 0f) {
                    masks[j * words + q] |= bit;
                    count++;
                }
            }
        }
        if (count > Integer.MAX_VALUE - 64) {
            throw new io.sparsim.core.BadInputException("w", "at most 2^31 nonzeros for the bitmask format", count);
        }
        this.nnz = count;
        this.vals = new float[(int) count];
        this.wordStart = new int[n * words];
        int v = 0;
        for (int j = 0; j < n; j++) {
            for (int q = 0; q < words; q++) {
                wordStart[j * words + q] = v;
                long bits = masks[j * words + q];
                while (bits != 0) {
                    int p = (q << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    vals[v++] = w[p * n + j];
                }
            }
        }
    }

    @Override
    public int k() {
        return k;
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public Format format() {
        return Format.BITMASK;
    }

    @Override
    public long storedValues() {
        return nnz;
    }

    @Override
    public long storedBytes() {
        return 8L * masks.length + 4L * vals.length + 4L * wordStart.length;
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(n, COLS_PER_TASK);
        if (m == 1) {
            pool.parallelFor(tasks, t -> gemv(a, c, t * COLS_PER_TASK, Math.min(n, (t + 1) * COLS_PER_TASK)));
            return;
        }
        TokenPanels tp = TokenPanels.pack(a, m, k);
        pool.parallelFor(tasks, t -> gemm(tp, c, t * COLS_PER_TASK, Math.min(n, (t + 1) * COLS_PER_TASK)));
    }

    private void gemv(float[] a, float[] c, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            float s0 = 0f;
            float s1 = 0f;
            int v = wordStart[j * words];
            int mb = j * words;
            for (int q = 0; q < words; q++) {
                long bits = masks[mb + q];
                int base = q << 6;
                while (bits != 0) {
                    s0 += vals[v++] * a[base + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                    if (bits == 0) {
                        break;
                    }
                    s1 += vals[v++] * a[base + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                }
            }
            c[j] = s0 + s1;
        }
    }

    private void gemm(TokenPanels tp, float[] c, int j0, int j1) {
        int cols = j1 - j0;
        int width = tp.width;
        float[] buf = new float[cols * width];
        int blockWords = tp.rowsPerBlock / 64;
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = chunk * k * width;
            for (int q0 = 0; q0 < words; q0 += blockWords) {
                boolean first = q0 == 0;
                int q1 = Math.min(words, q0 + blockWords);
                for (int j = j0; j < j1; j++) {
                    int bo = (j - j0) * width;
                    switch (tp.vectors) {
                        case 1 -> column1(buf, bo, first, j, q0, q1, tp.at, atBase);
                        case 2 -> column2(buf, bo, first, j, q0, q1, tp.at, atBase);
                        default -> column4(buf, bo, first, j, q0, q1, tp.at, atBase);
                    }
                }
            }
            tp.store(buf, chunk, j0, cols, c, n);
        }
    }

    private void column1(float[] buf, int bo, boolean first, int j, int q0, int q1, float[] at, int atBase) {
        FloatVector x = first ? FloatVector.zero(S) : FloatVector.fromArray(S, buf, bo);
        FloatVector y = FloatVector.zero(S);
        int mb = j * words;
        int v = wordStart[mb + q0];
        for (int q = q0; q < q1; q++) {
            long bits = masks[mb + q];
            int base = atBase + (q << 6) * 16;
            while (bits != 0) {
                x = FloatVector.fromArray(S, at, base + Long.numberOfTrailingZeros(bits) * 16)
                        .fma(FloatVector.broadcast(S, vals[v++]), x);
                bits &= bits - 1;
                if (bits == 0) {
                    break;
                }
                y = FloatVector.fromArray(S, at, base + Long.numberOfTrailingZeros(bits) * 16)
                        .fma(FloatVector.broadcast(S, vals[v++]), y);
                bits &= bits - 1;
            }
        }
        x.add(y).intoArray(buf, bo);
    }

    private void column2(float[] buf, int bo, boolean first, int j, int q0, int q1, float[] at, int atBase) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector y0 = z;
        FloatVector y1 = z;
        int mb = j * words;
        int v = wordStart[mb + q0];
        for (int q = q0; q < q1; q++) {
            long bits = masks[mb + q];
            int base = atBase + (q << 6) * 32;
            while (bits != 0) {
                int o = base + Long.numberOfTrailingZeros(bits) * 32;
                FloatVector w = FloatVector.broadcast(S, vals[v++]);
                x0 = FloatVector.fromArray(S, at, o).fma(w, x0);
                x1 = FloatVector.fromArray(S, at, o + 16).fma(w, x1);
                bits &= bits - 1;
                if (bits == 0) {
                    break;
                }
                o = base + Long.numberOfTrailingZeros(bits) * 32;
                w = FloatVector.broadcast(S, vals[v++]);
                y0 = FloatVector.fromArray(S, at, o).fma(w, y0);
                y1 = FloatVector.fromArray(S, at, o + 16).fma(w, y1);
                bits &= bits - 1;
            }
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
    }

    private void column4(float[] buf, int bo, boolean first, int j, int q0, int q1, float[] at, int atBase) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector x2 = first ? z : FloatVector.fromArray(S, buf, bo + 32);
        FloatVector x3 = first ? z : FloatVector.fromArray(S, buf, bo + 48);
        FloatVector y0 = z;
        FloatVector y1 = z;
        FloatVector y2 = z;
        FloatVector y3 = z;
        int mb = j * words;
        int v = wordStart[mb + q0];
        for (int q = q0; q < q1; q++) {
            long bits = masks[mb + q];
            int base = atBase + (q << 6) * 64;
            while (bits != 0) {
                int o = base + Long.numberOfTrailingZeros(bits) * 64;
                FloatVector w = FloatVector.broadcast(S, vals[v++]);
                x0 = FloatVector.fromArray(S, at, o).fma(w, x0);
                x1 = FloatVector.fromArray(S, at, o + 16).fma(w, x1);
                x2 = FloatVector.fromArray(S, at, o + 32).fma(w, x2);
                x3 = FloatVector.fromArray(S, at, o + 48).fma(w, x3);
                bits &= bits - 1;
                if (bits == 0) {
                    break;
                }
                o = base + Long.numberOfTrailingZeros(bits) * 64;
                w = FloatVector.broadcast(S, vals[v++]);
                y0 = FloatVector.fromArray(S, at, o).fma(w, y0);
                y1 = FloatVector.fromArray(S, at, o + 16).fma(w, y1);
                y2 = FloatVector.fromArray(S, at, o + 32).fma(w, y2);
                y3 = FloatVector.fromArray(S, at, o + 48).fma(w, y3);
                bits &= bits - 1;
            }
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
        x2.add(y2).intoArray(buf, bo + 32);
        x3.add(y3).intoArray(buf, bo + 48);
    }
}
