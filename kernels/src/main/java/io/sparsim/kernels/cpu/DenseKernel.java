package io.sparsim.kernels.cpu;

import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Dense fp32 GEMM/GEMV, BLIS-style: W is packed once (at encode time) into column panels of
 * {@value #NR} columns stored k-major ({@code wp[(panel*k + p)*NR + col]}), A is packed per call into
 * tiles of {@value #MR} rows interleaved by k, and an {@value #MR}×{@value #NR} register-blocked
 * micro-kernel (16 accumulator vectors of 16 lanes, 2 W loads and 8 broadcasts per k step) runs over
 * k-blocks of {@value #KC} so the W micro-panel (KC×NR floats = 24 KiB) stays in L1 while it is reused
 * by every A tile, and the A block (m×KC) stays in L2.
 *
 * <p>Why 8×32 and not 8×48 (24 accumulators, a third more FMAs per load): with 24 accumulators, 3 W vectors and
 * the broadcasts JDK 25's C2 hoists ahead of their FMAs, the 32 vector registers ran out and one accumulator lived
 * on the stack, a store-to-load round trip in its FMA chain every k step. On the Zen 5 VM (4096×11008, p10
 * interleaved) 8×32 ran M = 256 in 72 against 84 ms, M = 64 in 21.3 against 23.8, M = 1 in 3.9 against 4.2; on
 * JDK 17, which kept 8×48 in registers, 8×32 was 3% slower at M ≥ 64 and 3–7% faster at M ≤ 8.
 *
 * <p>Why the incubator Vector API and not auto-vectorization: C2 does not auto-vectorize a
 * register-blocked micro-kernel (it vectorizes simple counted loops over one array, and never keeps a
 * tile of accumulators in registers across the k loop), so hand-written 512-bit FloatVector code is
 * the only way to reach a useful fraction of the FMA peak from Java. All kernels use 512-bit species
 * (16 fp32 lanes, the layouts are built around 16): on a CPU without AVX-512 C2 cannot intrinsify
 * them and the Vector API's Java fallback runs, correct but one to two orders of magnitude slower.
 *
 * <p>Threads split the output by column panels (no write conflicts). M = 1 takes a GEMV path that
 * streams each panel once with 4 accumulators.
 */
public final class DenseKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    /** Rows of A per micro-tile. */
    static final int MR = KernelGeometry.TOKEN_TILE;
    /** Columns of W per panel: 2 vectors of 16 floats. */
    static final int NR = KernelGeometry.DENSE_PANEL_COLUMNS;
    /** k-block: KC·NR·4 bytes = 24 KiB of W per micro-panel, half of L1d. */
    static final int KC = KernelGeometry.DENSE_K_BLOCK;
    /** Panels per parallel task (a few tasks per thread keeps the dynamic split balanced). */
    private static final int PANELS_PER_TASK = 4;
    /**
     * Packed A up to this size takes the panel-major loop order: it stays in L2 (2 MiB per core on the dev
     * host) while a task's panels pass over all of k. A larger A (64 rows × k 11008 = 2.8 MiB) would be
     * re-read from L3 by every panel, so it takes the k-block-major order like a tall A.
     */
    static final long A_BYTES_IN_L2 = 1L << 20;

    private final int k;
    private final int n;
    private final int panels;
    private final float[] wp;
    /** Offset of panel data in wp: aligns panel rows to cache lines (see {@link TokenPanels#OFF}). */
    private static final int OFF = TokenPanels.OFF;

    DenseKernel(float[] w, int k, int n) {
        this.k = k;
        this.n = n;
        this.panels = Shapes.ceilDiv(n, NR);
        long size = (long) panels * NR * k + OFF;
        if (size > Integer.MAX_VALUE - 64) {
            throw new io.sparsim.core.BadInputException("k*n", "a weight whose packed size fits one Java array", size);
        }
        this.wp = new float[(int) size];
        for (int jp = 0; jp < panels; jp++) {
            int j0 = jp * NR;
            int width = Math.min(NR, n - j0);
            for (int p = 0; p < k; p++) {
                System.arraycopy(w, p * n + j0, wp, OFF + (jp * k + p) * NR, width);
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
    public KernelId format() {
        return KernelId.DENSE;
    }

    @Override
    public long storedValues() {
        return (long) k * n;
    }

    @Override
    public long storedBytes() {
        return 4L * k * n;
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(panels, PANELS_PER_TASK);
        if (m == 1) {
            pool.parallelFor(tasks, () -> new Scratch(MR * NR, 0), (s, t) -> gemvPanels(a, c, s.f, t * PANELS_PER_TASK,
                    Math.min(panels, (t + 1) * PANELS_PER_TASK)));
            return;
        }
        int tiles = Shapes.ceilDiv(m, MR);
        float[] ap = packA(a, m, k, k, pool);
        pool.parallelFor(tasks, () -> new Scratch(MR * NR, 0), (s, t) -> gemmPanels(ap, m, tiles, c, s.f, t * PANELS_PER_TASK,
                Math.min(panels, (t + 1) * PANELS_PER_TASK)));
    }

    /** A[m×k] → tiles of MR rows, k-major: {@code ap[(tile*kpad + p)*MR + r]}, zeros past m and past k ≤ kpad. */
    static float[] packA(float[] a, int m, int k, int kpad, KernelPool pool) {
        return TokenTiles.pack(a, m, k, MR, kpad, 0, pool);
    }

    private void gemmPanels(float[] ap, int m, int tiles, float[] c, float[] scratch, int jp0, int jp1) {
        if ((long) tiles * MR * k * 4 <= A_BYTES_IN_L2) {
            // Small A stays in L2 anyway; stream each W panel once, front to back.
            for (int jp = jp0; jp < jp1; jp++) {
                for (int p0 = 0; p0 < k; p0 += KC) {
                    panelBlock(ap, m, tiles, c, jp, p0, scratch);
                }
            }
        } else {
            // Large A: k-block outermost so the A block (m×KC) is reused from L2 by every panel.
            for (int p0 = 0; p0 < k; p0 += KC) {
                for (int jp = jp0; jp < jp1; jp++) {
                    panelBlock(ap, m, tiles, c, jp, p0, scratch);
                }
            }
        }
    }

    /** All A tiles times the W micro-panel (panel jp, rows p0 .. p0+KC). */
    private void panelBlock(float[] ap, int m, int tiles, float[] c, int jp, int p0, float[] scratch) {
        int kc = Math.min(KC, k - p0);
        boolean first = p0 == 0;
        int j0 = jp * NR;
        boolean fullCols = j0 + NR <= n;
        int woff = OFF + (jp * k + p0) * NR;
        for (int t = 0; t < tiles; t++) {
            int i0 = t * MR;
            int aoff = (t * k + p0) * MR;
            if (fullCols && i0 + MR <= m) {
                micro(ap, aoff, wp, woff, kc, c, i0 * n + j0, n, first);
            } else {
                int rows = Math.min(MR, m - i0);
                int cols = Math.min(NR, n - j0);
                if (!first) {
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(c, (i0 + r) * n + j0, scratch, r * NR, cols);
                    }
                }
                micro(ap, aoff, wp, woff, kc, scratch, 0, NR, first);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(scratch, r * NR, c, (i0 + r) * n + j0, cols);
                }
            }
        }
    }

    /** C[8×32] (+)= Ap[8×kc] · Wp[kc×32]; C at {@code c[coff + r*ldc + col]}. */
    static void micro(float[] ap, int aoff, float[] wp, int woff, int kc, float[] c, int coff, int ldc,
            boolean first) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (first) {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
            c40 = z; c41 = z; c50 = z; c51 = z; c60 = z; c61 = z; c70 = z; c71 = z;
        } else {
            int o = coff;
            c00 = FloatVector.fromArray(S, c, o); c01 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c10 = FloatVector.fromArray(S, c, o); c11 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c20 = FloatVector.fromArray(S, c, o); c21 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c30 = FloatVector.fromArray(S, c, o); c31 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c40 = FloatVector.fromArray(S, c, o); c41 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c50 = FloatVector.fromArray(S, c, o); c51 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c60 = FloatVector.fromArray(S, c, o); c61 = FloatVector.fromArray(S, c, o + 16); o += ldc;
            c70 = FloatVector.fromArray(S, c, o); c71 = FloatVector.fromArray(S, c, o + 16);
        }
        for (int p = 0; p < kc; p++) {
            int wo = woff + p * NR;
            int ao = aoff + p * MR;
            FloatVector w0 = FloatVector.fromArray(S, wp, wo);
            FloatVector w1 = FloatVector.fromArray(S, wp, wo + 16);
            FloatVector b = FloatVector.broadcast(S, ap[ao]);
            c00 = w0.fma(b, c00); c01 = w1.fma(b, c01);
            b = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = w0.fma(b, c10); c11 = w1.fma(b, c11);
            b = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = w0.fma(b, c20); c21 = w1.fma(b, c21);
            b = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = w0.fma(b, c30); c31 = w1.fma(b, c31);
            b = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = w0.fma(b, c40); c41 = w1.fma(b, c41);
            b = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = w0.fma(b, c50); c51 = w1.fma(b, c51);
            b = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = w0.fma(b, c60); c61 = w1.fma(b, c61);
            b = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = w0.fma(b, c70); c71 = w1.fma(b, c71);
        }
        int o = coff;
        c00.intoArray(c, o); c01.intoArray(c, o + 16); o += ldc;
        c10.intoArray(c, o); c11.intoArray(c, o + 16); o += ldc;
        c20.intoArray(c, o); c21.intoArray(c, o + 16); o += ldc;
        c30.intoArray(c, o); c31.intoArray(c, o + 16); o += ldc;
        c40.intoArray(c, o); c41.intoArray(c, o + 16); o += ldc;
        c50.intoArray(c, o); c51.intoArray(c, o + 16); o += ldc;
        c60.intoArray(c, o); c61.intoArray(c, o + 16); o += ldc;
        c70.intoArray(c, o); c71.intoArray(c, o + 16);
    }

    /** c[j] = Σ_p a[p]·W[p][j] for the panels [jp0, jp1): one sequential pass over each panel. */
    private void gemvPanels(float[] a, float[] c, float[] tmp, int jp0, int jp1) {
        int pairs = k & ~1;
        for (int jp = jp0; jp < jp1; jp++) {
            FloatVector z = FloatVector.zero(S);
            FloatVector x0 = z, x1 = z, y0 = z, y1 = z;
            int wo = OFF + jp * k * NR;
            for (int p = 0; p < pairs; p += 2, wo += 2 * NR) {
                FloatVector b = FloatVector.broadcast(S, a[p]);
                FloatVector e = FloatVector.broadcast(S, a[p + 1]);
                x0 = FloatVector.fromArray(S, wp, wo).fma(b, x0);
                x1 = FloatVector.fromArray(S, wp, wo + 16).fma(b, x1);
                y0 = FloatVector.fromArray(S, wp, wo + 32).fma(e, y0);
                y1 = FloatVector.fromArray(S, wp, wo + 48).fma(e, y1);
            }
            if (pairs < k) {
                FloatVector b = FloatVector.broadcast(S, a[pairs]);
                x0 = FloatVector.fromArray(S, wp, wo).fma(b, x0);
                x1 = FloatVector.fromArray(S, wp, wo + 16).fma(b, x1);
            }
            x0.add(y0).intoArray(tmp, 0);
            x1.add(y1).intoArray(tmp, 16);
            int j0 = jp * NR;
            System.arraycopy(tmp, 0, c, j0, Math.min(NR, n - j0));
        }
    }
}
