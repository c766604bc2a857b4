package io.sparsim.kernels.cpu;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2:4 semi-structured sparsity along the reduction dimension (as NVIDIA's sparse tensor cores): in
 * every column, each group of 4 consecutive rows holds at most 2 nonzeros, stored as 2 values and
 * two 2-bit positions. Columns are interleaved in slices of 16 (every column has exactly 2 slots per
 * group, so unlike csr there is no padding): {@code vals[((s*G + g)*2 + slot)*16 + lane]}, and
 * {@code meta[(s*G + g)*2 + slot]} packs the 16 lanes' 2-bit positions into one int.
 *
 * <ul>
 *   <li>M = 1: for a group, a[4g..4g+3] sits in the low lanes of one vector and a single in-register
 *       permute (rearrange → vpermd) picks a[4g + pos] for all 16 columns; the positions come from one
 *       int by a variable shift. No gather, and half the weight bytes of dense plus 1/16 metadata.
 *       Two slices go together, sharing the A load and keeping two weight streams in flight (one
 *       slice at a time ran 5.4–5.6 ms on 4096×11008 against 4.3).</li>
 *   <li>2 ≤ M ≤ {@value #PERMUTE_TOKENS}: the same permutes, decoded once per group and applied to 4
 *       tokens per pass over the slice.</li>
 *   <li>larger M: per column, each slot does 1–4 vector FMAs over a token chunk of Aᵀ.</li>
 * </ul>
 */
public final class TwoFourKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> SI = IntVector.SPECIES_512;
    private static final int LANES = KernelGeometry.LANES;
    private static final int SLICES_PER_TASK = KernelGeometry.PANEL_TASK_COLUMNS / LANES;
    /** Up to this many tokens the permute path beats Aᵀ chunks (measured: 1.7x dense at m=2..4, 1.3x at 8, 0.85x vs 0.74x at 32; the chunk path wins at 64). */
    static final int PERMUTE_TOKENS = KernelGeometry.NM_ROW_PATH_TOKENS;

    private final int k;
    private final int n;
    private final int groups;
    private final int slices;
    private final float[] vals;
    private final int[] meta;
    private final long nnz;

    TwoFourKernel(float[] w, int k, int n) {
        this.k = k;
        this.n = n;
        this.groups = Shapes.ceilDiv(k, 4);
        this.slices = Shapes.ceilDiv(n, LANES);
        long size = (long) slices * groups * 2 * LANES;
        if (size > Integer.MAX_VALUE - 64) {
            throw new BadInputException("k*n", "a weight whose 2:4 encoding fits one Java array", size);
        }
        this.vals = new float[(int) size];
        this.meta = new int[slices * groups * 2];
        long count = 0;
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < n; j++) {
                int s = j >> 4;
                int lane = j & 15;
                int slot = 0;
                int gb = (s * groups + g) * 2;
                for (int q = 0; q < 4 && 4 * g + q < k; q++) {
                    float x = w[(4 * g + q) * n + j];
                    if (x == 0f) {
                        continue;
                    }
                    if (slot == 2) {
                        throw new BadInputException("w", "a 2:4 pattern (at most 2 nonzeros in every group of 4 rows"
                                + " of a column)", "3 or more nonzeros in column " + j + ", rows " + 4 * g + ".."
                                + Math.min(k - 1, 4 * g + 3));
                    }
                    vals[(gb + slot) * LANES + lane] = x;
                    meta[gb + slot] |= q << (2 * lane);
                    slot++;
                    count++;
                }
            }
        }
        this.nnz = count;
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
    public KernelId format() {
        return KernelId.TWO_FOUR;
    }

    @Override
    public long storedValues() {
        return nnz;
    }

    @Override
    public long storedBytes() {
        return 4L * vals.length + 4L * meta.length;
    }

    @Override
    public int rowPathTokens() {
        return PERMUTE_TOKENS;
    }

    @Override
    public int kBlockRows(int m) {
        return TokenPanels.blockRows(m);
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(slices, SLICES_PER_TASK);
        if (m == 1) {
            float[] apad = new float[4 * groups + LANES];
            System.arraycopy(a, 0, apad, 0, k);
            pool.parallelFor(tasks, () -> new Scratch(LANES, 0),
                    (s, t) -> gemv(apad, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            return;
        }
        if (m <= rowPathTokens()) {
            int stride = 4 * groups + LANES;
            float[] apad = new float[m * stride];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a, i * k, apad, i * stride, k);
            }
            pool.parallelFor(tasks, () -> new Scratch(LANES, 0), (s, t) -> permuteTokens(apad, stride, m, c, s.f,
                    t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            return;
        }
        TokenPanels tp = TokenPanels.pack(a, m, k, pool);
        pool.parallelFor(tasks, () -> new Scratch(SLICES_PER_TASK * LANES * tp.width, 0),
                (s, t) -> gemm(tp, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
    }

    private void gemv(float[] apad, float[] c, float[] tmp, int s0, int s1) {
        IntVector shifts = IntVector.zero(SI).addIndex(2);
        int s = s0;
        // Two slices at a time: one A load per group for both, and two weight streams in flight.
        for (; s + 1 < s1; s += 2) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = acc0;
            int ga = s * groups * 2;
            int gb = ga + groups * 2;
            for (int g = 0; g < groups; g++) {
                IntVector src = FloatVector.fromArray(S, apad, 4 * g).reinterpretAsInts();
                int ma = ga + 2 * g;
                int mb = gb + 2 * g;
                IntVector pa0 = IntVector.broadcast(SI, meta[ma]).lanewise(VectorOperators.LSHR, shifts).and(3);
                IntVector pa1 = IntVector.broadcast(SI, meta[ma + 1]).lanewise(VectorOperators.LSHR, shifts).and(3);
                IntVector pb0 = IntVector.broadcast(SI, meta[mb]).lanewise(VectorOperators.LSHR, shifts).and(3);
                IntVector pb1 = IntVector.broadcast(SI, meta[mb + 1]).lanewise(VectorOperators.LSHR, shifts).and(3);
                acc0 = src.rearrange(pa0.toShuffle()).reinterpretAsFloats().fma(FloatVector.fromArray(S, vals, ma * LANES), acc0);
                acc0 = src.rearrange(pa1.toShuffle()).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(S, vals, ma * LANES + LANES), acc0);
                acc1 = src.rearrange(pb0.toShuffle()).reinterpretAsFloats().fma(FloatVector.fromArray(S, vals, mb * LANES), acc1);
                acc1 = src.rearrange(pb1.toShuffle()).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(S, vals, mb * LANES + LANES), acc1);
            }
            Columns.storeSlice(acc0, c, 0, s * LANES, n, tmp);
            Columns.storeSlice(acc1, c, 0, (s + 1) * LANES, n, tmp);
        }
        for (; s < s1; s++) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = acc0;
            int gb = s * groups * 2;
            for (int g = 0; g < groups; g++) {
                IntVector src = FloatVector.fromArray(S, apad, 4 * g).reinterpretAsInts();
                int mo = gb + 2 * g;
                IntVector p0 = IntVector.broadcast(SI, meta[mo]).lanewise(VectorOperators.LSHR, shifts).and(3);
                IntVector p1 = IntVector.broadcast(SI, meta[mo + 1]).lanewise(VectorOperators.LSHR, shifts).and(3);
                FloatVector x0 = src.rearrange(p0.toShuffle()).reinterpretAsFloats();
                FloatVector x1 = src.rearrange(p1.toShuffle()).reinterpretAsFloats();
                acc0 = x0.fma(FloatVector.fromArray(S, vals, mo * LANES), acc0);
                acc1 = x1.fma(FloatVector.fromArray(S, vals, mo * LANES + LANES), acc1);
            }
            Columns.storeSlice(acc0.add(acc1), c, 0, s * LANES, n, tmp);
        }
    }

    /**
     * Few tokens: the M = 1 permute scheme with the positions decoded once per group and applied to
     * up to 4 tokens per pass over the slice ({@code apad} holds each row of A padded by 16 zeros).
     */
    private void permuteTokens(float[] apad, int stride, int m, float[] c, float[] tmp, int s0, int s1) {
        IntVector shifts = IntVector.zero(SI).addIndex(2);
        for (int s = s0; s < s1; s++) {
            int gb = s * groups * 2;
            int j0 = s * LANES;
            for (int i0 = 0; i0 < m; i0 += 4) {
                int cnt = Math.min(4, m - i0);
                int o0 = i0 * stride;
                int o1 = (cnt > 1 ? i0 + 1 : i0) * stride;
                int o2 = (cnt > 2 ? i0 + 2 : i0) * stride;
                int o3 = (cnt > 3 ? i0 + 3 : i0) * stride;
                FloatVector z = FloatVector.zero(S);
                FloatVector x0 = z, x1 = z, x2 = z, x3 = z;
                for (int g = 0; g < groups; g++) {
                    int mo = gb + 2 * g;
                    VectorShuffle<Integer> p0 = IntVector.broadcast(SI, meta[mo]).lanewise(VectorOperators.LSHR, shifts)
                            .and(3).toShuffle();
                    VectorShuffle<Integer> p1 = IntVector.broadcast(SI, meta[mo + 1])
                            .lanewise(VectorOperators.LSHR, shifts).and(3).toShuffle();
                    FloatVector v0 = FloatVector.fromArray(S, vals, mo * LANES);
                    FloatVector v1 = FloatVector.fromArray(S, vals, mo * LANES + LANES);
                    int q = 4 * g;
                    IntVector r = FloatVector.fromArray(S, apad, o0 + q).reinterpretAsInts();
                    x0 = r.rearrange(p0).reinterpretAsFloats().fma(v0, x0);
                    x0 = r.rearrange(p1).reinterpretAsFloats().fma(v1, x0);
                    r = FloatVector.fromArray(S, apad, o1 + q).reinterpretAsInts();
                    x1 = r.rearrange(p0).reinterpretAsFloats().fma(v0, x1);
                    x1 = r.rearrange(p1).reinterpretAsFloats().fma(v1, x1);
                    r = FloatVector.fromArray(S, apad, o2 + q).reinterpretAsInts();
                    x2 = r.rearrange(p0).reinterpretAsFloats().fma(v0, x2);
                    x2 = r.rearrange(p1).reinterpretAsFloats().fma(v1, x2);
                    r = FloatVector.fromArray(S, apad, o3 + q).reinterpretAsInts();
                    x3 = r.rearrange(p0).reinterpretAsFloats().fma(v0, x3);
                    x3 = r.rearrange(p1).reinterpretAsFloats().fma(v1, x3);
                }
                Columns.storeSlice(x0, c, i0, j0, n, tmp);
                if (cnt > 1) {
                    Columns.storeSlice(x1, c, i0 + 1, j0, n, tmp);
                }
                if (cnt > 2) {
                    Columns.storeSlice(x2, c, i0 + 2, j0, n, tmp);
                }
                if (cnt > 3) {
                    Columns.storeSlice(x3, c, i0 + 3, j0, n, tmp);
                }
            }
        }
    }

    private void gemm(TokenPanels tp, float[] c, float[] buf, int s0, int s1) {
        int j0 = s0 * LANES;
        int j1 = Math.min(n, s1 * LANES);
        int cols = j1 - j0;
        int width = tp.width;
        int blockGroups = kBlockRows(tp.m) / 4;
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = tp.base(chunk);
            for (int g0 = 0; g0 < groups; g0 += blockGroups) {
                boolean first = g0 == 0;
                int g1 = Math.min(groups, g0 + blockGroups);
                for (int j = j0; j < j1; j++) {
                    int bo = (j - j0) * width;
                    switch (tp.vectors) {
                        case 1 -> column1(buf, bo, first, j, g0, g1, tp.at, atBase);
                        case 2 -> column2(buf, bo, first, j, g0, g1, tp.at, atBase);
                        default -> column4(buf, bo, first, j, g0, g1, tp.at, atBase);
                    }
                }
            }
            tp.store(buf, chunk, j0, cols, c, n);
        }
    }

    // Rows past k only occur in the last group with zero values; their Aᵀ offset is clamped to row 0.
    private int row(int g, int metaWord, int shift) {
        int p = 4 * g + ((metaWord >>> shift) & 3);
        return p < k ? p : 0;
    }

    private void column1(float[] buf, int bo, boolean first, int j, int g0, int g1, float[] at, int atBase) {
        FloatVector x = first ? FloatVector.zero(S) : FloatVector.fromArray(S, buf, bo);
        FloatVector y = FloatVector.zero(S);
        int lane = j & 15;
        int shift = 2 * lane;
        int gb = (j >> 4) * groups * 2;
        for (int g = g0; g < g1; g++) {
            int mo = gb + 2 * g;
            x = FloatVector.fromArray(S, at, atBase + row(g, meta[mo], shift) * 16)
                    .fma(FloatVector.broadcast(S, vals[mo * LANES + lane]), x);
            y = FloatVector.fromArray(S, at, atBase + row(g, meta[mo + 1], shift) * 16)
                    .fma(FloatVector.broadcast(S, vals[mo * LANES + LANES + lane]), y);
        }
        x.add(y).intoArray(buf, bo);
    }

    private void column2(float[] buf, int bo, boolean first, int j, int g0, int g1, float[] at, int atBase) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector y0 = z;
        FloatVector y1 = z;
        int lane = j & 15;
        int shift = 2 * lane;
        int gb = (j >> 4) * groups * 2;
        for (int g = g0; g < g1; g++) {
            int mo = gb + 2 * g;
            int o = atBase + row(g, meta[mo], shift) * 32;
            FloatVector v = FloatVector.broadcast(S, vals[mo * LANES + lane]);
            x0 = FloatVector.fromArray(S, at, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, o + 16).fma(v, x1);
            o = atBase + row(g, meta[mo + 1], shift) * 32;
            v = FloatVector.broadcast(S, vals[mo * LANES + LANES + lane]);
            y0 = FloatVector.fromArray(S, at, o).fma(v, y0);
            y1 = FloatVector.fromArray(S, at, o + 16).fma(v, y1);
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
    }

    private void column4(float[] buf, int bo, boolean first, int j, int g0, int g1, float[] at, int atBase) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector x2 = first ? z : FloatVector.fromArray(S, buf, bo + 32);
        FloatVector x3 = first ? z : FloatVector.fromArray(S, buf, bo + 48);
        FloatVector y0 = z;
        FloatVector y1 = z;
        FloatVector y2 = z;
        FloatVector y3 = z;
        int lane = j & 15;
        int shift = 2 * lane;
        int gb = (j >> 4) * groups * 2;
        for (int g = g0; g < g1; g++) {
            int mo = gb + 2 * g;
            int o = atBase + row(g, meta[mo], shift) * 64;
            FloatVector v = FloatVector.broadcast(S, vals[mo * LANES + lane]);
            x0 = FloatVector.fromArray(S, at, o).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, o + 16).fma(v, x1);
            x2 = FloatVector.fromArray(S, at, o + 32).fma(v, x2);
            x3 = FloatVector.fromArray(S, at, o + 48).fma(v, x3);
            o = atBase + row(g, meta[mo + 1], shift) * 64;
            v = FloatVector.broadcast(S, vals[mo * LANES + LANES + lane]);
            y0 = FloatVector.fromArray(S, at, o).fma(v, y0);
            y1 = FloatVector.fromArray(S, at, o + 16).fma(v, y1);
            y2 = FloatVector.fromArray(S, at, o + 32).fma(v, y2);
            y3 = FloatVector.fromArray(S, at, o + 48).fma(v, y3);
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
        x2.add(y2).intoArray(buf, bo + 32);
        x3.add(y3).intoArray(buf, bo + 48);
    }
}
