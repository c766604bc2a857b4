package io.sparsim.kernels.cpu;

import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Unstructured sparsity, bitmask-compressed: each column of W (row of Wᵀ) has one presence bit per
 * row, {@code ceil(k/64)} longs, and its nonzero values packed in row order. The smallest encoding
 * of the unstructured formats (1 bit + 4 bytes per nonzero instead of 2 + 4 bytes for csr).
 *
 * <ul>
 *   <li>M = 1, {@link KernelPaths.BitmaskGemv#EXPAND} (a JVM with the Vector API's expand, where the
 *       path probe found it faster): per 16 rows of a column, the packed values from the word's
 *       running offset are expanded into the mask's set lanes (vexpandps) and multiplied with 16
 *       activations, four independent sums a column. The cost is per 16 positions, whatever the
 *       density: no per-nonzero index or activation load.</li>
 *   <li>M = 1, {@link KernelPaths.BitmaskGemv#WALK}: per column, set bits are walked with tzcnt/blsr
 *       ({@code numberOfTrailingZeros}, {@code w & (w-1)}) and each one costs one a[p] load and one
 *       scalar FMA, two independent sums. A word with all 64 bits set is a dense run and takes four
 *       vector FMAs instead: on a dense weight the scalar walk ran 25 or 43 ms by how C2 compiled it,
 *       the dense GEMV 7 ms.</li>
 *   <li>M ≥ 2: per column and k-block the set bits are first decoded into Aᵀ offsets, then the
 *       shared {@link Columns} loop does 1–4 vector FMAs per nonzero over a token chunk
 *       ({@link TokenPanels}).</li>
 * </ul>
 * Threads split the columns into contiguous ranges.
 */
public final class BitmaskKernel implements SparseWeight {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int COLS_PER_TASK = KernelGeometry.PANEL_TASK_COLUMNS;
    /**
     * Mask words per k-block of the M ≥ 2 path (128 rows), and the unit of the value layout: values are stored
     * task by task (64 columns), then k-block by k-block, then column by column, so a task's k-block is one
     * contiguous run read front to back. Stored column by column over all of k, a k-block touched 64 pieces of
     * ~150 bytes 4.9 KB apart, one per column, which the prefetcher does not follow: at 70% on 4096×11008 (cold
     * cache, p10) M = 64 took 25.0–25.2 ms, 18.9 with the weight in cache, and 20.6–21.0 ms with this layout;
     * M = 256 85.0–85.5 and 82.2–82.3 ms; on a dense weight 62.9 and 48.0–48.5 ms at M = 64. Blocks of 128 rows
     * at every chunk width (the panel's 512 rows at 16 tokens would span four runs): M = 8 18.3–18.4 ms → 16.2.
     */
    static final int BLOCK_WORDS = KernelGeometry.BITMASK_BLOCK_WORDS;

    private final int k;
    private final int n;
    private final int words;
    /**
     * {@code masks[word(j, q)]}: bit b set ⇔ W[64q + b][j] ≠ 0. Stored in the values' order (task, k-block, column),
     * so every path reads masks, offsets and values as streams; column by column, a task's k-block touched 64 mask
     * lines 512 bytes apart.
     */
    private final long[] masks;
    private final float[] vals;
    /** {@code wordStart[word(j, q)]}: index in vals of the first value of word q of column j. */
    private final int[] wordStart;
    private final long nnz;
    private final KernelPaths paths;

    BitmaskKernel(float[] w, int k, int n, KernelPaths paths) {
        if (paths.bitmaskGemv() == KernelPaths.BitmaskGemv.EXPAND && !VectorExpand.available()) {
            throw new IllegalArgumentException("the bitmask expand path needs the Vector API's expand (JDK 19 or "
                    + "later); this JVM is " + Runtime.version());
        }
        this.k = k;
        this.n = n;
        this.paths = paths;
        this.words = Shapes.ceilDiv(k, 64);
        long[] byColumn = new long[n * words];
        long count = 0;
        for (int p = 0; p < k; p++) {
            int row = p * n;
            int q = p >> 6;
            long bit = 1L << (p & 63);
            for (int j = 0; j < n; j++) {
                if (w[row + j] != 0f) {
                    byColumn[j * words + q] |= bit;
                    count++;
                }
            }
        }
        if (count > Integer.MAX_VALUE - 64) {
            throw new io.sparsim.core.BadInputException("w", "at most 2^31 nonzeros for the bitmask format", count);
        }
        this.nnz = count;
        // One vector of slack: the expand path loads 16 values from a word's offset, however few it uses.
        this.vals = new float[(int) count + S.length()];
        this.masks = new long[n * words];
        this.wordStart = new int[n * words];
        int v = 0;
        for (int j0 = 0; j0 < n; j0 += COLS_PER_TASK) {
            for (int q0 = 0; q0 < words; q0 += BLOCK_WORDS) {
                for (int j = j0; j < Math.min(n, j0 + COLS_PER_TASK); j++) {
                    for (int q = q0; q < Math.min(words, q0 + BLOCK_WORDS); q++) {
                        int at = word(j, q);
                        long bits = byColumn[j * words + q];
                        masks[at] = bits;
                        wordStart[at] = v;
                        while (bits != 0) {
                            int p = (q << 6) + Long.numberOfTrailingZeros(bits);
                            bits &= bits - 1;
                            vals[v++] = w[p * n + j];
                        }
                    }
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
    public KernelId format() {
        return KernelId.BITMASK;
    }

    @Override
    public long storedValues() {
        return nnz;
    }

    /** Index in the value array of the first value of mask word {@code q} (rows 64q..64q+63) of column {@code j}. */
    int valueIndex(int j, int q) {
        return wordStart[word(j, q)];
    }

    /**
     * Index of mask word {@code q} of column {@code j} in {@link #masks} and {@link #wordStart}: tasks of
     * {@value KernelGeometry#PANEL_TASK_COLUMNS} columns one after another, in each the k-blocks of
     * {@link #BLOCK_WORDS} words, in each the task's columns; a column's words of one k-block are adjacent.
     */
    private int word(int j, int q) {
        int task = j / COLS_PER_TASK;
        int first = task * COLS_PER_TASK;
        int cols = Math.min(COLS_PER_TASK, n - first);
        int q0 = q - q % BLOCK_WORDS;
        int width = Math.min(BLOCK_WORDS, words - q0);
        return first * words + q0 * cols + (j - first) * width + (q - q0);
    }

    @Override
    public long storedBytes() {
        return 8L * masks.length + 4L * nnz + 4L * wordStart.length;
    }

    @Override
    public int kBlockRows(int m) {
        return BLOCK_WORDS * Long.SIZE;
    }

    @Override
    public void multiply(float[] a, int m, float[] c, KernelPool pool) {
        checkOperands(a, m, c);
        int tasks = Shapes.ceilDiv(n, COLS_PER_TASK);
        if (m <= rowPathTokens()) {
            if (paths.bitmaskGemv() == KernelPaths.BitmaskGemv.EXPAND) {
                pool.parallelFor(tasks, () -> new Scratch(COLS_PER_TASK * S.length(), 0),
                        (s, t) -> gemvExpand(a, c, s.f, t * COLS_PER_TASK, Math.min(n, (t + 1) * COLS_PER_TASK)));
            } else {
                pool.parallelFor(tasks, () -> new Scratch(16, 0),
                        (s, t) -> gemv(a, c, s.f, t * COLS_PER_TASK, Math.min(n, (t + 1) * COLS_PER_TASK)));
            }
            return;
        }
        TokenPanels tp = TokenPanels.pack(a, m, k, pool);
        pool.parallelFor(tasks, () -> new Scratch(COLS_PER_TASK * tp.width, BLOCK_WORDS * 64),
                (s, t) -> gemm(tp, c, s, t * COLS_PER_TASK, Math.min(n, (t + 1) * COLS_PER_TASK)));
    }

    private void gemv(float[] a, float[] c, float[] lanes, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            float s0 = 0f;
            float s1 = 0f;
            boolean full = false;
            int v = 0;
            int pw = 0;
            for (int q = 0; q < words; q++) {
                if (q % BLOCK_WORDS == 0) {
                    pw = word(j, q); // the column's next k-block run
                    v = wordStart[pw];
                }
                long bits = masks[pw + q % BLOCK_WORDS];
                int base = q << 6;
                if (bits == -1L) {
                    add64(vals, v, a, base, lanes, full);
                    full = true;
                    v += 64;
                    continue;
                }
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
            if (full) {
                for (float x : lanes) {
                    s0 += x;
                }
            }
            c[j] = s0 + s1;
        }
    }

    /**
     * The expand path: c[j] = Σ_p a[p]·W[p][j] over whole mask words, 16 rows an expand. The task's columns are
     * walked k-block by k-block, the order values, masks and offsets are stored in, so all three are read as
     * streams (a column's pieces lie a k-block of the task apart). Each column keeps one 16-lane partial sum in
     * {@code sums} between its k-blocks. The words after the last whole k-block (an odd word, or a partial one where
     * k is not a multiple of 64 and a[] ends inside it) are walked bit by bit.
     */
    private void gemvExpand(float[] a, float[] c, float[] sums, int j0, int j1) {
        int pairs = BLOCK_WORDS == 2 ? (k >> 6) & ~1 : 0; // whole mask words in whole k-blocks
        try {
            // Whole k-blocks of two words: the block's 128 activations are loaded once for all the task's columns,
            // and a column's two words are one straight run (its words of a k-block are adjacent in the masks).
            for (int q0 = 0; q0 < pairs; q0 += 2) {
                int base = q0 << 6;
                FloatVector a0 = FloatVector.fromArray(S, a, base);
                FloatVector a1 = FloatVector.fromArray(S, a, base + 16);
                FloatVector a2 = FloatVector.fromArray(S, a, base + 32);
                FloatVector a3 = FloatVector.fromArray(S, a, base + 48);
                FloatVector a4 = FloatVector.fromArray(S, a, base + 64);
                FloatVector a5 = FloatVector.fromArray(S, a, base + 80);
                FloatVector a6 = FloatVector.fromArray(S, a, base + 96);
                FloatVector a7 = FloatVector.fromArray(S, a, base + 112);
                int pw = word(j0, q0);
                for (int j = j0; j < j1; j++, pw += 2) {
                    int at = (j - j0) * S.length();
                    long lo = masks[pw];
                    long hi = masks[pw + 1];
                    int v0 = wordStart[pw];
                    int v1 = v0 + Long.bitCount(lo & 0xFFFFL);
                    int v2 = v0 + Long.bitCount(lo & 0xFFFF_FFFFL);
                    int v3 = v0 + Long.bitCount(lo & 0xFFFF_FFFF_FFFFL);
                    int v4 = v0 + Long.bitCount(lo);
                    int v5 = v4 + Long.bitCount(hi & 0xFFFFL);
                    int v6 = v4 + Long.bitCount(hi & 0xFFFF_FFFFL);
                    int v7 = v4 + Long.bitCount(hi & 0xFFFF_FFFF_FFFFL);
                    FloatVector s0 = q0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, sums, at);
                    FloatVector s1 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v1), VectorMask.fromLong(S, lo >>> 16))).mul(a1);
                    FloatVector s2 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v2), VectorMask.fromLong(S, lo >>> 32))).mul(a2);
                    FloatVector s3 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v3), VectorMask.fromLong(S, lo >>> 48))).mul(a3);
                    s0 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v0), VectorMask.fromLong(S, lo))).fma(a0, s0);
                    s0 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v4), VectorMask.fromLong(S, hi))).fma(a4, s0);
                    s1 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v5), VectorMask.fromLong(S, hi >>> 16))).fma(a5, s1);
                    s2 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v6), VectorMask.fromLong(S, hi >>> 32))).fma(a6, s2);
                    s3 = ((FloatVector) VectorExpand.EXPAND.invokeExact(
                            FloatVector.fromArray(S, vals, v7), VectorMask.fromLong(S, hi >>> 48))).fma(a7, s3);
                    s0.add(s1).add(s2.add(s3)).intoArray(sums, at);
                }
            }
        } catch (Throwable t) {
            throw new IllegalStateException("vector expand failed", t);
        }
        for (int j = j0; j < j1; j++) {
            // Lane by lane in a fixed order, not reduceLanes(ADD): its order is the implementation's (sequential
            // before C2 compiles this, a tree after), so the same multiply changed its bits between calls.
            float sum = 0f;
            for (int l = 0, at = (j - j0) * S.length(); pairs > 0 && l < S.length(); l++) {
                sum += sums[at + l];
            }
            int pw = 0;
            int v = 0;
            for (int q = pairs; q < words; q++) {
                if (q % BLOCK_WORDS == 0) {
                    pw = word(j, q);
                    v = wordStart[pw];
                }
                long bits = masks[pw + q % BLOCK_WORDS];
                while (bits != 0) {
                    sum += vals[v++] * a[(q << 6) + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                }
            }
            c[j] = sum;
        }
    }

    /**
     * lanes (+)= the 16-lane partial sums of vals[v+i]·a[base+i], i < 64: a full mask word is a dense
     * run, so it takes four vector FMAs instead of 64 scalar steps. The partial sums go through a
     * 16-float array, not a register: vectors live across the bit-walk loop get boxed, and a per-word
     * reduceLanes (ordered adds in JDK 17) made a dense weight 1.4x slower than the dense GEMV.
     */
    private static void add64(float[] vals, int v, float[] a, int base, float[] lanes, boolean accumulate) {
        FloatVector x = FloatVector.fromArray(S, vals, v).mul(FloatVector.fromArray(S, a, base));
        FloatVector y = FloatVector.fromArray(S, vals, v + 16).mul(FloatVector.fromArray(S, a, base + 16));
        x = FloatVector.fromArray(S, vals, v + 32).fma(FloatVector.fromArray(S, a, base + 32), x);
        y = FloatVector.fromArray(S, vals, v + 48).fma(FloatVector.fromArray(S, a, base + 48), y);
        x = x.add(y);
        (accumulate ? x.add(FloatVector.fromArray(S, lanes, 0)) : x).intoArray(lanes, 0);
    }

    private void gemm(TokenPanels tp, float[] c, Scratch scratch, int j0, int j1) {
        int cols = j1 - j0;
        int width = tp.width;
        float[] buf = scratch.f;
        int[] pos = scratch.i;
        for (int chunk = 0; chunk < tp.chunks; chunk++) {
            int atBase = tp.base(chunk);
            for (int q0 = 0; q0 < words; q0 += BLOCK_WORDS) {
                boolean first = q0 == 0;
                int q1 = Math.min(words, q0 + BLOCK_WORDS);
                for (int j = j0; j < j1; j++) {
                    int bo = (j - j0) * width;
                    int count = decode(j, q0, q1, pos, atBase, width);
                    int v0 = wordStart[word(j, q0)];
                    switch (tp.vectors) {
                        case 1 -> Columns.column1(buf, bo, first, pos, vals, v0, count, tp.at);
                        case 2 -> Columns.column2(buf, bo, first, pos, vals, v0, count, tp.at);
                        default -> Columns.column4(buf, bo, first, pos, vals, v0, count, tp.at);
                    }
                }
            }
            tp.store(buf, chunk, j0, cols, c, n);
        }
    }

    /**
     * Turns the set bits of words [q0, q1) of column j into Aᵀ offsets; returns how many. Kept apart
     * from the vector loop: C2 keeps vectors in registers only through simple loops, and a bit walk
     * nested inside the FMA loop made it box them (10–50x slower).
     */
    private int decode(int j, int q0, int q1, int[] pos, int atBase, int width) {
        int count = 0;
        int pw = word(j, q0);
        for (int q = q0; q < q1; q++) {
            long bits = masks[pw + q - q0];
            int base = atBase + (q << 6) * width;
            while (bits != 0) {
                pos[count++] = base + Long.numberOfTrailingZeros(bits) * width;
                bits &= bits - 1;
            }
        }
        return count;
    }
}
