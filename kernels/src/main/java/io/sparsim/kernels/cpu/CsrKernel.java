package io.sparsim.kernels.cpu;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import java.util.function.Supplier;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unstructured sparsity, CSR family: the columns of W (rows of Wᵀ) hold their nonzeros as
 * (value, 16-bit row index) pairs, laid out as sliced ELLPACK with slices of 16 columns
 * (SELL-16): entry t of the 16 columns of a slice sits in one 16-float row, {@code vals[(off+t)*16 + lane]},
 * each lane padded with zeros to the slice's longest column (about 4% at 70% sparsity).
 *
 * <ul>
 *   <li>M = 1 where the probe chose scalar loads ({@link KernelPaths.CsrGemv#SCALAR}): per entry row of a
 *       slice, 16 scalar (index, a[idx], value) loads and FMAs into 16 register sums. On a Zen 5 VM, 4096×11008
 *       at 70%, p10 under load: 2.4x the dense GEMV against 1.2x by gathers.</li>
 *   <li>M = 1 otherwise: each step is one 16-wide vector load of values, one load of 16 indices and one
 *       hardware gather of a[idx] (Vector API gather → vgatherdps), so a slice's 16 dot products run
 *       in parallel lanes; two slices are interleaved. The scalar CSR loop (one value, index and a[idx]
 *       load per nonzero) was measured at under half this speed.</li>
 *   <li>2 ≤ M ≤ {@value #GATHER_TOKENS}: the same gathers from A's rows in place, 4 tokens per pass.</li>
 *   <li>larger M: per column, each nonzero broadcasts its value and does 1–4 FMAs over a 16–64-token
 *       chunk of Aᵀ ({@link TokenPanels}), k-blocked so the Aᵀ block stays in L1; {@code granule}
 *       tables give each column's first entry of every 64-row granule.</li>
 * </ul>
 * Threads split the columns by slices. Indices are 16-bit, so k ≤ 65536.
 */
public final class CsrKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final VectorSpecies<Integer> SI = IntVector.SPECIES_512;
    static final VectorSpecies<Short> SS = ShortVector.SPECIES_256;
    static final int LANES = KernelGeometry.LANES;
    static final int GRANULE = KernelGeometry.CSR_GRANULE;
    private static final int SLICES_PER_TASK = KernelGeometry.PANEL_TASK_COLUMNS / LANES;
    /** Up to this many tokens the gather path beats 16-token Aᵀ chunks (measured: 1.6x at m=2, 1.2x at 4, 0.8x at 8). */
    static final int GATHER_TOKENS = KernelGeometry.CSR_ROW_PATH_TOKENS;
    /**
     * Rows per k-block on the token-panel path, at most: a block's slice of sliced-ELL weights (16 columns,
     * 6 bytes per nonzero, strided by slice) shares L1 with the Aᵀ block. At 16 tokens the panel's 512 rows
     * held 32 KiB of Aᵀ plus up to 48 KiB of weights, over the 48 KiB L1: M = 8 on a dense 4096×11008
     * weight ran 39.9 ms in blocks of 512 rows, 30.2–31.1 ms in blocks of 256 (70%: 11.7–12.1 against
     * 10.9–11.2 ms). Wider panels already have 256 rows or fewer.
     */
    static final int MAX_BLOCK_ROWS = KernelGeometry.CSR_MAX_BLOCK_ROWS;

    private final int k;
    private final int n;
    private final int slices;
    /** Entry offset of each slice (in rows of 16), length slices+1. */
    private final int[] sliceOff;
    private final float[] vals;
    private final char[] rows;
    private final int[] colNnz;
    /** Granules per column + 1. */
    private final int granules;
    /**
     * {@code gran[g*n + j]}: index (within column j) of its first entry with row ≥ 64·g; granule-major
     * so the columns of a task read adjacent ints (column-major it was 2.8 MiB of scattered lines).
     */
    private final int[] gran;
    private final long nnz;
    /** The inner paths this kernel runs (probed per machine, see {@link KernelPaths}). */
    private final KernelPaths paths;

    CsrKernel(float[] w, int k, int n, KernelPaths paths) {
        this.paths = paths;
        if (k > 65536) {
            throw new BadInputException("k", "at most 65536 rows for the csr format (16-bit indices)", k);
        }
        this.k = k;
        this.n = n;
        this.slices = Shapes.ceilDiv(n, LANES);
        this.colNnz = new int[n];
        for (int p = 0; p < k; p++) {
            int row = p * n;
            for (int j = 0; j < n; j++) {
                if (w[row + j] != 0f) {
                    colNnz[j]++;
                }
            }
        }
        this.sliceOff = new int[slices + 1];
        long total = 0;
        for (int s = 0; s < slices; s++) {
            int len = 0;
            for (int j = s * LANES; j < Math.min(n, (s + 1) * LANES); j++) {
                len = Math.max(len, colNnz[j]);
                total += colNnz[j];
            }
            sliceOff[s + 1] = sliceOff[s] + len;
        }
        this.nnz = total;
        long entries = (long) sliceOff[slices] * LANES;
        if (entries > Integer.MAX_VALUE - 64) {
            throw new BadInputException("w", "at most 2^31 padded nonzeros for the csr format", entries);
        }
        this.vals = new float[(int) entries];
        this.rows = new char[(int) entries];
        this.granules = Shapes.ceilDiv(k, GRANULE) + 1;
        this.gran = new int[n * granules];
        int[] fill = new int[n];
        for (int p = 0; p < k; p++) {
            if (p % GRANULE == 0) {
                int g = p / GRANULE;
                System.arraycopy(fill, 0, gran, g * n, n);
            }
            int row = p * n;
            for (int j = 0; j < n; j++) {
                float x = w[row + j];
                if (x != 0f) {
                    int e = (sliceOff[j >> 4] + fill[j]++) * LANES + (j & 15);
                    vals[e] = x;
                    rows[e] = (char) p;
                }
            }
        }
        System.arraycopy(colNnz, 0, gran, (granules - 1) * n, n);
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
        return KernelId.CSR;
    }

    @Override
    public long storedValues() {
        return nnz;
    }

    @Override
    public long storedBytes() {
        return 6L * vals.length + 4L * (sliceOff.length + colNnz.length + gran.length);
    }

    @Override
    public int rowPathTokens() {
        return GATHER_TOKENS;
    }

    @Override
    public int kBlockRows(int m) {
        return Math.min(TokenPanels.blockRows(m), MAX_BLOCK_ROWS);
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(slices, SLICES_PER_TASK);
        KernelGeometry.CsrLoop loop = KernelGeometry.csrLoop(m, paths);
        if (loop == KernelGeometry.CsrLoop.SCALAR_LOADS) {
            pool.parallelFor(tasks, () -> new Scratch(LANES, 0),
                    (s, t) -> gemvScalar(a, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            return;
        }
        if (loop == KernelGeometry.CsrLoop.GATHER) {
            pool.parallelFor(tasks, () -> new Scratch(LANES, 2 * LANES), m == 1
                    ? (s, t) -> gemv(a, c, s, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK))
                    : (s, t) -> gatherTokens(a, m, c, s, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            return;
        }
        TokenPanels tp = TokenPanels.pack(a, m, k, pool);
        Supplier<Scratch> buffer = () -> new Scratch(SLICES_PER_TASK * LANES * tp.width, 0);
        switch (tp.vectors) {
            case 1 -> pool.parallelFor(tasks, buffer,
                    (s, t) -> gemm1(tp, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            case 2 -> pool.parallelFor(tasks, buffer,
                    (s, t) -> gemm2(tp, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
            default -> pool.parallelFor(tasks, buffer,
                    (s, t) -> gemm4(tp, c, s.f, t * SLICES_PER_TASK, Math.min(slices, (t + 1) * SLICES_PER_TASK)));
        }
    }

    /**
     * M = 1, two slices at a time: one accumulator per slice, their steps interleaved. With two
     * accumulators over one slice the loop ran 16–20% slower on the 2-core Xeon (cold caches, 4096×11008
     * at 50/70/90%): the two slices' gathers and value streams are independent, which lets more of
     * them be in flight.
     */
    private void gemv(float[] a, float[] c, Scratch scratch, int s0, int s1) {
        int[] ix = scratch.i;
        float[] tmp = scratch.f;
        int s = s0;
        for (; s + 1 < s1; s += 2) {
            int e = sliceOff[s] * LANES;
            int end = sliceOff[s + 1] * LANES;
            int f = end;
            int fEnd = sliceOff[s + 2] * LANES;
            int common = Math.min(end - e, fEnd - f);
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = acc0;
            for (int t = 0; t < common; t += LANES) {
                indices(e + t, ix, 0);
                indices(f + t, ix, LANES);
                acc0 = FloatVector.fromArray(S, a, 0, ix, 0).fma(FloatVector.fromArray(S, vals, e + t), acc0);
                acc1 = FloatVector.fromArray(S, a, 0, ix, LANES).fma(FloatVector.fromArray(S, vals, f + t), acc1);
            }
            for (int t = e + common; t < end; t += LANES) {
                indices(t, ix, 0);
                acc0 = FloatVector.fromArray(S, a, 0, ix, 0).fma(FloatVector.fromArray(S, vals, t), acc0);
            }
            for (int t = f + common; t < fEnd; t += LANES) {
                indices(t, ix, LANES);
                acc1 = FloatVector.fromArray(S, a, 0, ix, LANES).fma(FloatVector.fromArray(S, vals, t), acc1);
            }
            Columns.storeSlice(acc0, c, 0, s * LANES, n, tmp);
            Columns.storeSlice(acc1, c, 0, (s + 1) * LANES, n, tmp);
        }
        if (s < s1) {
            FloatVector acc = FloatVector.zero(S);
            for (int t = sliceOff[s] * LANES; t < sliceOff[s + 1] * LANES; t += LANES) {
                indices(t, ix, 0);
                acc = FloatVector.fromArray(S, a, 0, ix, 0).fma(FloatVector.fromArray(S, vals, t), acc);
            }
            Columns.storeSlice(acc, c, 0, s * LANES, n, tmp);
        }
    }

    /**
     * M = 1 without gathers: per entry row of a slice, sixteen scalar (index, activation, value) loads and FMAs
     * into sixteen sums held in registers, one per lane, so each sum's FMA chain is independent of the others.
     */
    private void gemvScalar(float[] a, float[] c, float[] tmp, int s0, int s1) {
        final float[] v = vals;
        final char[] r = rows;
        for (int s = s0; s < s1; s++) {
            float x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0, x5 = 0, x6 = 0, x7 = 0;
            float x8 = 0, x9 = 0, x10 = 0, x11 = 0, x12 = 0, x13 = 0, x14 = 0, x15 = 0;
            for (int e = sliceOff[s] * LANES, end = sliceOff[s + 1] * LANES; e < end; e += LANES) {
                x0 = Math.fma(v[e], a[r[e]], x0);
                x1 = Math.fma(v[e + 1], a[r[e + 1]], x1);
                x2 = Math.fma(v[e + 2], a[r[e + 2]], x2);
                x3 = Math.fma(v[e + 3], a[r[e + 3]], x3);
                x4 = Math.fma(v[e + 4], a[r[e + 4]], x4);
                x5 = Math.fma(v[e + 5], a[r[e + 5]], x5);
                x6 = Math.fma(v[e + 6], a[r[e + 6]], x6);
                x7 = Math.fma(v[e + 7], a[r[e + 7]], x7);
                x8 = Math.fma(v[e + 8], a[r[e + 8]], x8);
                x9 = Math.fma(v[e + 9], a[r[e + 9]], x9);
                x10 = Math.fma(v[e + 10], a[r[e + 10]], x10);
                x11 = Math.fma(v[e + 11], a[r[e + 11]], x11);
                x12 = Math.fma(v[e + 12], a[r[e + 12]], x12);
                x13 = Math.fma(v[e + 13], a[r[e + 13]], x13);
                x14 = Math.fma(v[e + 14], a[r[e + 14]], x14);
                x15 = Math.fma(v[e + 15], a[r[e + 15]], x15);
            }
            tmp[0] = x0; tmp[1] = x1; tmp[2] = x2; tmp[3] = x3; tmp[4] = x4; tmp[5] = x5; tmp[6] = x6; tmp[7] = x7;
            tmp[8] = x8; tmp[9] = x9; tmp[10] = x10; tmp[11] = x11; tmp[12] = x12; tmp[13] = x13; tmp[14] = x14;
            tmp[15] = x15;
            int j0 = s * LANES;
            System.arraycopy(tmp, 0, c, j0, Math.min(LANES, n - j0));
        }
    }

    /** Widens the 16 row indices of entry row {@code e} into {@code ix[at .. at+16)}. */
    private void indices(int e, int[] ix, int at) {
        ShortVector.fromCharArray(SS, rows, e).castShape(SI, 0).reinterpretAsInts().and(0xFFFF).intoArray(ix, at);
    }

    /**
     * Few tokens: the M = 1 gather scheme, one pass over a slice's entries per group of up to 4
     * tokens (4 gathers and 4 FMAs per 16 nonzeros), reading A's rows in place. With 16-token Aᵀ
     * chunks half or more of every FMA would be padding at these sizes.
     */
    private void gatherTokens(float[] a, int m, float[] c, Scratch scratch, int s0, int s1) {
        int[] ix = scratch.i;
        float[] tmp = scratch.f;
        for (int s = s0; s < s1; s++) {
            int begin = sliceOff[s] * LANES;
            int end = sliceOff[s + 1] * LANES;
            int j0 = s * LANES;
            for (int i0 = 0; i0 < m; i0 += 4) {
                int cnt = Math.min(4, m - i0);
                // rows past m re-read row i0: harmless, their sums are not stored
                int o0 = i0 * k;
                int o1 = (cnt > 1 ? i0 + 1 : i0) * k;
                int o2 = (cnt > 2 ? i0 + 2 : i0) * k;
                int o3 = (cnt > 3 ? i0 + 3 : i0) * k;
                FloatVector z = FloatVector.zero(S);
                FloatVector x0 = z, x1 = z, x2 = z, x3 = z;
                for (int e = begin; e < end; e += LANES) {
                    indices(e, ix, 0);
                    FloatVector v = FloatVector.fromArray(S, vals, e);
                    x0 = FloatVector.fromArray(S, a, o0, ix, 0).fma(v, x0);
                    x1 = FloatVector.fromArray(S, a, o1, ix, 0).fma(v, x1);
                    x2 = FloatVector.fromArray(S, a, o2, ix, 0).fma(v, x2);
                    x3 = FloatVector.fromArray(S, a, o3, ix, 0).fma(v, x3);
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

    /*
     * One walk per chunk width (16, 32 or 64 tokens), each a method of its own so that C2 compiles each from its own
     * profile. As one walk switching on the width, the code C2 compiled for M = 64 depended on what had run before:
     * after csr at M = 1 and 8 in the same JVM (as in a suite's csr fork), M = 64 on 4096x11008 at 70% took 23.5 ms,
     * 18.0 after M = 8 alone, 15.5 run first; with a walk per width, 15.3-15.6 ms in all three orders. A shared walk
     * taking the width as a constant, or the column loop as an object, kept the dependence.
     */
    private void gemm1(TokenPanels tp, float[] c, float[] buf, int s0, int s1) {
        int j0 = s0 * LANES;
        int j1 = Math.min(n, s1 * LANES);
        int block = kBlockRows(tp.m);
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = tp.base(chunk);
            for (int r0 = 0; r0 < k; r0 += block) {
                int gb0 = granuleBase(r0);
                int gb1 = granuleBase(r0 + block);
                for (int j = j0; j < j1; j++) {
                    column1(buf, (j - j0) * tp.width, r0 == 0, entry0(j), gran[gb0 + j], gran[gb1 + j], tp.at, atBase);
                }
            }
            tp.store(buf, chunk, j0, j1 - j0, c, n);
        }
    }

    private void gemm2(TokenPanels tp, float[] c, float[] buf, int s0, int s1) {
        int j0 = s0 * LANES;
        int j1 = Math.min(n, s1 * LANES);
        int block = kBlockRows(tp.m);
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = tp.base(chunk);
            for (int r0 = 0; r0 < k; r0 += block) {
                int gb0 = granuleBase(r0);
                int gb1 = granuleBase(r0 + block);
                for (int j = j0; j < j1; j++) {
                    column2(buf, (j - j0) * tp.width, r0 == 0, entry0(j), gran[gb0 + j], gran[gb1 + j], tp.at, atBase);
                }
            }
            tp.store(buf, chunk, j0, j1 - j0, c, n);
        }
    }

    private void gemm4(TokenPanels tp, float[] c, float[] buf, int s0, int s1) {
        int j0 = s0 * LANES;
        int j1 = Math.min(n, s1 * LANES);
        int block = kBlockRows(tp.m);
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = tp.base(chunk);
            for (int r0 = 0; r0 < k; r0 += block) {
                int gb0 = granuleBase(r0);
                int gb1 = granuleBase(r0 + block);
                for (int j = j0; j < j1; j++) {
                    column4(buf, (j - j0) * tp.width, r0 == 0, entry0(j), gran[gb0 + j], gran[gb1 + j], tp.at, atBase);
                }
            }
            tp.store(buf, chunk, j0, j1 - j0, c, n);
        }
    }

    /** Index in {@link #gran} of the granule row holding each column's first entry at or after row {@code r}. */
    private int granuleBase(int r) {
        return (r >= k ? granules - 1 : r / GRANULE) * n;
    }

    /** Index in {@link #vals} and {@link #rows} of column j's first entry. */
    private int entry0(int j) {
        return sliceOff[j >> 4] * LANES + (j & 15);
    }

    /*
     * The column loops below step the entry index itself (a column's entries lie a slice row, 16 floats, apart) with
     * the arrays in locals: C2 then keeps the loop's state in registers. Stepped as e0 + t·16 with the fields read in
     * the loop, it reloaded the base and recomputed the index from the stack for every nonzero (6% slower at M = 64).
     * A pair of entries per step is a counted loop only over a pair count; written as t + 1 < t1 it was compiled as an
     * uncounted loop with a safepoint poll and unhoisted checks.
     */
    private void column1(float[] buf, int bo, boolean first, int e0, int t0, int t1, float[] at, int atBase) {
        final float[] v = vals;
        final char[] r = rows;
        FloatVector x = first ? FloatVector.zero(S) : FloatVector.fromArray(S, buf, bo);
        FloatVector y = FloatVector.zero(S);
        int e = e0 + t0 * LANES;
        for (int i = 0, pairs = (t1 - t0) >> 1; i < pairs; i++, e += 2 * LANES) {
            x = FloatVector.fromArray(S, at, atBase + (r[e] << 4)).fma(FloatVector.broadcast(S, v[e]), x);
            y = FloatVector.fromArray(S, at, atBase + (r[e + LANES] << 4))
                    .fma(FloatVector.broadcast(S, v[e + LANES]), y);
        }
        if (((t1 - t0) & 1) != 0) {
            x = FloatVector.fromArray(S, at, atBase + (r[e] << 4)).fma(FloatVector.broadcast(S, v[e]), x);
        }
        x.add(y).intoArray(buf, bo);
    }

    private void column2(float[] buf, int bo, boolean first, int e0, int t0, int t1, float[] at, int atBase) {
        final float[] v = vals;
        final char[] r = rows;
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector y0 = z;
        FloatVector y1 = z;
        int e = e0 + t0 * LANES;
        for (int i = 0, pairs = (t1 - t0) >> 1; i < pairs; i++, e += 2 * LANES) {
            FloatVector w = FloatVector.broadcast(S, v[e]);
            int q = atBase + (r[e] << 5);
            x0 = FloatVector.fromArray(S, at, q).fma(w, x0);
            x1 = FloatVector.fromArray(S, at, q + 16).fma(w, x1);
            FloatVector u = FloatVector.broadcast(S, v[e + LANES]);
            int p = atBase + (r[e + LANES] << 5);
            y0 = FloatVector.fromArray(S, at, p).fma(u, y0);
            y1 = FloatVector.fromArray(S, at, p + 16).fma(u, y1);
        }
        if (((t1 - t0) & 1) != 0) {
            FloatVector w = FloatVector.broadcast(S, v[e]);
            int q = atBase + (r[e] << 5);
            x0 = FloatVector.fromArray(S, at, q).fma(w, x0);
            x1 = FloatVector.fromArray(S, at, q + 16).fma(w, x1);
        }
        x0.add(y0).intoArray(buf, bo);
        x1.add(y1).intoArray(buf, bo + 16);
    }

    /**
     * Not unrolled: four accumulators already give four independent FMA chains (see {@link Columns}). Eight, over two
     * entries a step, ran 15-25% slower at M = 64 however the loop was written.
     * <p>
     * What it costs (JDK 25, Zen 5 VM, 4096×11008 at 70%, M = 64: 13-15 ms). C2 compiles one nonzero to about 26
     * instructions, among them three range-check compare-and-branch pairs on the data-dependent row offset and two
     * reloads of {@code atBase} from the stack (the ninth argument). With every nonzero pointed at one Aᵀ row, so that
     * C2 hoisted the loads and checks and only the four FMA chains were left, it ran 9 ms, about what the chains'
     * latency allows. None of these ran faster: eight chains over two columns in lockstep (slower), the Vector API's
     * bounds checks switched off ({@code jdk.incubator.vector.VECTOR_ACCESS_OOB_CHECK=0}), both together, one or two
     * of the four Aᵀ loads dropped, 64-row k-blocks. Eight distinct rows ran as slowly as all 128, so it is not L1
     * misses. Without hardware counters (the VM exposes none) the rest of the gap is not pinned down.
     */
    private void column4(float[] buf, int bo, boolean first, int e0, int t0, int t1, float[] at, int atBase) {
        FloatVector z = FloatVector.zero(S);
        FloatVector x0 = first ? z : FloatVector.fromArray(S, buf, bo);
        FloatVector x1 = first ? z : FloatVector.fromArray(S, buf, bo + 16);
        FloatVector x2 = first ? z : FloatVector.fromArray(S, buf, bo + 32);
        FloatVector x3 = first ? z : FloatVector.fromArray(S, buf, bo + 48);
        final float[] w = vals;
        final char[] r = rows;
        for (int e = e0 + t0 * LANES, end = e0 + t1 * LANES; e < end; e += LANES) {
            FloatVector v = FloatVector.broadcast(S, w[e]);
            int q = atBase + (r[e] << 6);
            x0 = FloatVector.fromArray(S, at, q).fma(v, x0);
            x1 = FloatVector.fromArray(S, at, q + 16).fma(v, x1);
            x2 = FloatVector.fromArray(S, at, q + 32).fma(v, x2);
            x3 = FloatVector.fromArray(S, at, q + 48).fma(v, x3);
        }
        x0.intoArray(buf, bo);
        x1.intoArray(buf, bo + 16);
        x2.intoArray(buf, bo + 32);
        x3.intoArray(buf, bo + 48);
    }
}
