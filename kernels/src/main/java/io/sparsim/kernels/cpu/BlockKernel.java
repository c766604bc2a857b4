package io.sparsim.kernels.cpu;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Block sparsity with 16×16 blocks: W is cut into blocks of 16 rows × 16 columns (edges padded with
 * zeros); every block holding a nonzero is stored dense, row-major within the block (one 16-float
 * vector per row), grouped by block column with the list of its block-row indices. A block
 * column is exactly one vector of output columns, so inside a block the kernel is the dense one.
 *
 * <ul>
 *   <li>M = 1: per block column, 16 broadcast-FMAs per stored block (a dense GEMV that skips the
 *       empty blocks).</li>
 *   <li>M ≥ 2: A is packed in 8-row tiles (as {@link DenseKernel}); an 8×16 micro-kernel keeps 8
 *       accumulators and, per block row, does 1 W load, 8 broadcasts and 8 FMAs. A block column's
 *       blocks stay in L2 while the tiles of A pass over them; a packed A too large for L2 goes in
 *       tile groups, each over a task's block columns.</li>
 * </ul>
 * Threads split the block columns.
 */
public final class BlockKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    static final int B = KernelGeometry.BLOCK_SIDE;
    private static final int MR = DenseKernel.MR;
    private static final int BLOCK_COLS_PER_TASK = 4;
    /**
     * Packed A beyond {@link DenseKernel#A_BYTES_IN_L2} (M = 256, k = 4096: 4 MiB) goes in tile groups of
     * this size, each group over a task of block columns whose blocks take about {@link #W_TASK_BYTES}, so
     * both stay in the dev host's 2 MiB L2; walking all tiles per block column re-read A from L3 for each
     * (block16 70%, M = 256: 53 ms against 45 ms grouped).
     */
    private static final long A_GROUP_BYTES = 1L << 19;
    private static final long W_TASK_BYTES = 1L << 20;
    /** Upper bound on block columns per task, so even a 4096-column layer splits into 4 tasks to balance. */
    private static final int MAX_COLS_PER_TASK = 64;

    private final int k;
    private final int n;
    private final int blockRows;
    private final int blockCols;
    /** Stored blocks of block column bj: indices {@code [colStart[bj], colStart[bj+1])}. */
    private final int[] colStart;
    private final int[] rowOf;
    /** {@code data[(b*16 + r)*16 + c]}: row r, column c of stored block b. */
    private final float[] data;

    BlockKernel(float[] w, int k, int n) {
        this.k = k;
        this.n = n;
        this.blockRows = Shapes.ceilDiv(k, B);
        this.blockCols = Shapes.ceilDiv(n, B);
        boolean[] nonzero = new boolean[blockRows * blockCols];
        int count = 0;
        for (int p = 0; p < k; p++) {
            int row = p * n;
            int br = p / B;
            for (int j = 0; j < n; j++) {
                if (w[row + j] != 0f) {
                    int idx = (j / B) * blockRows + br;
                    if (!nonzero[idx]) {
                        nonzero[idx] = true;
                        count++;
                    }
                }
            }
        }
        if ((long) count * B * B > Integer.MAX_VALUE - 64) {
            throw new BadInputException("w", "at most 2^31 stored values for the block16 format", (long) count * B * B);
        }
        this.colStart = new int[blockCols + 1];
        this.rowOf = new int[count];
        this.data = new float[count * B * B];
        int b = 0;
        for (int bj = 0; bj < blockCols; bj++) {
            colStart[bj] = b;
            for (int br = 0; br < blockRows; br++) {
                if (!nonzero[bj * blockRows + br]) {
                    continue;
                }
                rowOf[b] = br;
                for (int r = 0; r < B && br * B + r < k; r++) {
                    int j0 = bj * B;
                    System.arraycopy(w, (br * B + r) * n + j0, data, (b * B + r) * B, Math.min(B, n - j0));
                }
                b++;
            }
        }
        colStart[blockCols] = b;
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
        return KernelId.BLOCK16;
    }

    @Override
    public long storedValues() {
        return data.length;
    }

    @Override
    public long storedBytes() {
        return 4L * data.length + 4L * rowOf.length + 4L * colStart.length;
    }

    /** Stored blocks (nonzero 16×16 blocks). */
    public int storedBlocks() {
        return rowOf.length;
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(blockCols, BLOCK_COLS_PER_TASK);
        int kpad = blockRows * B;
        if (m == 1) {
            float[] apad = new float[kpad];
            System.arraycopy(a, 0, apad, 0, k);
            pool.parallelFor(tasks, () -> new Scratch(B, 0), (s, t) -> gemv(apad, c, s.f, t * BLOCK_COLS_PER_TASK,
                    Math.min(blockCols, (t + 1) * BLOCK_COLS_PER_TASK)));
            return;
        }
        float[] ap = DenseKernel.packA(a, m, k, kpad, pool);
        int tiles = Shapes.ceilDiv(m, MR);
        long tileBytes = 4L * MR * kpad;
        int group = tiles;
        int cols = BLOCK_COLS_PER_TASK;
        if (tiles * tileBytes > DenseKernel.A_BYTES_IN_L2) {
            group = (int) Math.max(1, A_GROUP_BYTES / tileBytes);
            long columnBytes = Math.max(1, 4L * data.length / blockCols);
            cols = (int) Math.max(BLOCK_COLS_PER_TASK, Math.min(MAX_COLS_PER_TASK, W_TASK_BYTES / columnBytes));
        }
        int tileGroup = group;
        int perTask = cols;
        pool.parallelFor(Shapes.ceilDiv(blockCols, perTask), () -> new Scratch(B, 0), (s, t) -> {
            int bj0 = t * perTask;
            int bj1 = Math.min(blockCols, bj0 + perTask);
            for (int t0 = 0; t0 < tiles; t0 += tileGroup) {
                gemm(ap, m, t0, Math.min(tiles, t0 + tileGroup), kpad, c, s.f, bj0, bj1);
            }
        });
    }

    private void gemv(float[] apad, float[] c, float[] tmp, int bj0, int bj1) {
        for (int bj = bj0; bj < bj1; bj++) {
            FloatVector x = FloatVector.zero(S);
            FloatVector y = x;
            int r1 = colStart[bj + 1] * B;
            for (int idx = colStart[bj] * B; idx < r1; idx += 2) {
                int ar = rowOf[idx >> 4] * B + (idx & 15);
                x = FloatVector.fromArray(S, data, idx * B).fma(FloatVector.broadcast(S, apad[ar]), x);
                y = FloatVector.fromArray(S, data, idx * B + B).fma(FloatVector.broadcast(S, apad[ar + 1]), y);
            }
            Columns.storeSlice(x.add(y), c, 0, bj * B, n, tmp);
        }
    }

    /** Tiles [t0, t1) of A times block columns [bj0, bj1). */
    private void gemm(float[] ap, int m, int t0, int t1, int kpad, float[] c, float[] tmp, int bj0, int bj1) {
        for (int bj = bj0; bj < bj1; bj++) {
            int r0 = colStart[bj] * B;
            int r1 = colStart[bj + 1] * B;
            int j0 = bj * B;
            for (int t = t0; t < t1; t++) {
                FloatVector z = FloatVector.zero(S);
                FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
                int tileBase = t * kpad * MR;
                // One flat loop over the rows of all stored blocks: C2 keeps the accumulators in
                // registers through a simple loop, not through a block loop around a row loop.
                for (int idx = r0; idx < r1; idx++) {
                    FloatVector wv = FloatVector.fromArray(S, data, idx * B);
                    int ao = tileBase + (rowOf[idx >> 4] * B + (idx & 15)) * MR;
                    c0 = wv.fma(FloatVector.broadcast(S, ap[ao]), c0);
                    c1 = wv.fma(FloatVector.broadcast(S, ap[ao + 1]), c1);
                    c2 = wv.fma(FloatVector.broadcast(S, ap[ao + 2]), c2);
                    c3 = wv.fma(FloatVector.broadcast(S, ap[ao + 3]), c3);
                    c4 = wv.fma(FloatVector.broadcast(S, ap[ao + 4]), c4);
                    c5 = wv.fma(FloatVector.broadcast(S, ap[ao + 5]), c5);
                    c6 = wv.fma(FloatVector.broadcast(S, ap[ao + 6]), c6);
                    c7 = wv.fma(FloatVector.broadcast(S, ap[ao + 7]), c7);
                }
                int i0 = t * MR;
                int rows = Math.min(MR, m - i0);
                Columns.storeSlice(c0, c, i0, j0, n, tmp);
                if (rows > 1) {
                    Columns.storeSlice(c1, c, i0 + 1, j0, n, tmp);
                }
                if (rows > 2) {
                    Columns.storeSlice(c2, c, i0 + 2, j0, n, tmp);
                }
                if (rows > 3) {
                    Columns.storeSlice(c3, c, i0 + 3, j0, n, tmp);
                }
                if (rows > 4) {
                    Columns.storeSlice(c4, c, i0 + 4, j0, n, tmp);
                }
                if (rows > 5) {
                    Columns.storeSlice(c5, c, i0 + 5, j0, n, tmp);
                }
                if (rows > 6) {
                    Columns.storeSlice(c6, c, i0 + 6, j0, n, tmp);
                }
                if (rows > 7) {
                    Columns.storeSlice(c7, c, i0 + 7, j0, n, tmp);
                }
            }
        }
    }
}
