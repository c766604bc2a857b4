package io.sparsim.simulator.wafer;

import io.sparsim.workloads.sparsity.WeightSparsity;

/**
 * Nonzero counts of a seeded random weight mask, per cell (a PE column's slice of a weight), without building
 * the mask.
 *
 * <p>The mask gives every weight a uniform score and keeps those below the density, like magnitude pruning of
 * random weights. A cell's count of scores below d is found by walking a binary tree over [0, 1): each node
 * splits its weights between its halves with a Binomial(n, 1/2) draw seeded by (seed, cell, node), exact
 * (popcount of random bits) up to {@value #EXACT_LIMIT} weights and a rounded normal above. So counts are
 * Binomial(n, d) per cell, independent across cells, reproducible on any JVM (integer hashing and
 * {@link StrictMath}), and nested: the mask at a lower density keeps a subset of the weights kept at a higher
 * one, so a cell's count never grows as density falls. {@link #keptExactly} walks the same tree over the cells of
 * a whole weight to keep exactly the pattern's count, as pruning to a sparsity does.
 */
final class MaskSampler {
    private static final int EXACT_LIMIT = 4096;
    private static final int MAX_DEPTH = 56;

    private final long seed;

    MaskSampler(long seed) {
        this.seed = seed;
    }

    /** Kept weights among the {@code n} weights of {@code cell} under {@code pattern}. */
    long kept(WeightSparsity pattern, long cell, long n) {
        if (n <= 0) {
            return 0;
        }
        if (pattern instanceof WeightSparsity.Dense) {
            return n;
        }
        if (pattern instanceof WeightSparsity.NM) {
            // Every group of M keeps exactly N: no randomness, only rounding of a cell's partial groups.
            return Math.round(n * pattern.density());
        }
        if (pattern instanceof WeightSparsity.Block b) {
            long blockSize = (long) b.blockRows() * b.blockCols();
            long blocks = Math.max(1, Math.round((double) n / blockSize));
            return Math.min(n, Math.round((double) keptUniform(cell, blocks, b.density()) * n / blocks));
        }
        return keptUniform(cell, n, pattern.density());
    }

    /**
     * Kept weights per cell of one weight split into cells of {@code sizes} under {@code pattern}, adding up to
     * exactly {@code total}, the pattern's count for the whole weight (pruning to a sparsity keeps exactly that
     * many; the mask only decides where they fall). Uniform scores: the {@code total} lowest of the weight's
     * scores, found by walking the same score tree as {@link #keptUniform} over all cells at once, so a cell's
     * count never grows as {@code total} falls. Blocks: whole blocks by the same walk, then their elements. N:M:
     * shared in proportion to the cells' sizes, with no randomness.
     */
    long[] keptExactly(WeightSparsity pattern, long[] cells, long[] sizes, long total) {
        long all = 0;
        for (long n : sizes) {
            all += n;
        }
        long target = Math.max(0, Math.min(all, total));
        if (pattern instanceof WeightSparsity.Dense || target == all) {
            return sizes.clone();
        }
        if (pattern instanceof WeightSparsity.Block b) {
            long blockSize = (long) b.blockRows() * b.blockCols();
            long[] blocks = new long[sizes.length];
            long allBlocks = 0;
            for (int c = 0; c < sizes.length; c++) {
                blocks[c] = sizes[c] > 0 ? Math.max(1, Math.round((double) sizes[c] / blockSize)) : 0;
                allBlocks += blocks[c];
            }
            long keptBlocks = Math.min(allBlocks, Math.max(1, Math.round((double) target * allBlocks / all)));
            long[] kept = lowestScores(cells, blocks, keptBlocks);
            for (int c = 0; c < sizes.length; c++) {
                kept[c] = blocks[c] == 0 ? 0 : Math.round((double) kept[c] * sizes[c] / blocks[c]);
            }
            return settle(kept, sizes, target);
        }
        if (pattern instanceof WeightSparsity.NM) {
            long[] kept = new long[sizes.length];
            long before = 0;
            long sizeBefore = 0;
            for (int c = 0; c < sizes.length; c++) {
                sizeBefore += sizes[c];
                long upTo = Math.round((double) target * sizeBefore / all);
                kept[c] = upTo - before;
                before = upTo;
            }
            return kept;
        }
        return lowestScores(cells, sizes, target);
    }

    /** The {@code target} lowest uniform scores among cells of {@code sizes}: how many fall in each cell. */
    private long[] lowestScores(long[] cells, long[] sizes, long target) {
        int n = cells.length;
        long[] acc = new long[n];
        long[] left = sizes.clone();
        long[] node = new long[n];
        long[] base = new long[n];
        for (int c = 0; c < n; c++) {
            node[c] = 1;
            base[c] = mix(seed ^ mix(cells[c] * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        }
        long accSum = 0;
        long[] low = new long[n];
        // Invariant: accSum <= target <= accSum + (scores left in the current interval).
        for (int depth = 0; depth < MAX_DEPTH && accSum < target; depth++) {
            long lowSum = 0;
            for (int c = 0; c < n; c++) {
                low[c] = left[c] > 0 ? halfBinomial(mix(base[c] + node[c] * 0xD1B54A32D192ED03L), left[c]) : 0;
                lowSum += low[c];
            }
            boolean upper = accSum + lowSum <= target; // the threshold lies in the upper half
            for (int c = 0; c < n; c++) {
                if (upper) {
                    acc[c] += low[c];
                    left[c] -= low[c];
                    node[c] = 2 * node[c] + 1;
                } else {
                    left[c] = low[c];
                    node[c] = 2 * node[c];
                }
            }
            accSum += upper ? lowSum : 0;
        }
        // Scores left in an interval narrower than 2^-56: taken in cell order (monotone in target).
        long rest = target - accSum;
        for (int c = 0; c < n && rest > 0; c++) {
            long take = Math.min(left[c], rest);
            acc[c] += take;
            rest -= take;
        }
        return acc;
    }

    /** {@code kept} moved to add up to {@code target}: the difference added or removed in cell order, within sizes. */
    private static long[] settle(long[] kept, long[] sizes, long target) {
        long sum = 0;
        for (int c = 0; c < kept.length; c++) {
            kept[c] = Math.max(0, Math.min(sizes[c], kept[c]));
            sum += kept[c];
        }
        for (int c = 0; c < kept.length && sum != target; c++) {
            long step = sum < target ? Math.min(sizes[c] - kept[c], target - sum) : -Math.min(kept[c], sum - target);
            kept[c] += step;
            sum += step;
        }
        return kept;
    }

    /** Scores below {@code density} among {@code n} uniform scores of {@code cell}. */
    long keptUniform(long cell, long n, double density) {
        if (density >= 1) {
            return n;
        }
        if (density <= 0 || n <= 0) {
            return 0;
        }
        long base = mix(seed ^ mix(cell * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        double lo = 0;
        double hi = 1;
        long node = 1;
        long left = n;
        long acc = 0;
        for (int depth = 0; depth < MAX_DEPTH && left > 0; depth++) {
            double mid = 0.5 * (lo + hi);
            long low = halfBinomial(mix(base + node * 0xD1B54A32D192ED03L), left);
            if (density >= mid) {
                acc += low;
                left -= low;
                lo = mid;
                node = 2 * node + 1;
            } else {
                left = low;
                hi = mid;
                node = 2 * node;
            }
        }
        if (left > 0) {
            // Interval narrower than 2^-56: share its few scores linearly (monotone in density).
            acc += (long) Math.floor(left * (density - lo) / (hi - lo));
        }
        return acc;
    }

    /** A Binomial(n, 1/2) draw determined by {@code h}. */
    private static long halfBinomial(long h, long n) {
        if (n <= EXACT_LIMIT) {
            long sum = 0;
            long words = n >>> 6;
            for (long i = 0; i < words; i++) {
                sum += Long.bitCount(mix(h + i));
            }
            int rest = (int) (n & 63);
            if (rest > 0) {
                sum += Long.bitCount(mix(h + words) & ((1L << rest) - 1));
            }
            return sum;
        }
        double u1 = ((mix(h) >>> 11) + 0.5) * 0x1.0p-53;
        double u2 = ((mix(h ^ 0x5851F42D4C957F2DL) >>> 11) + 0.5) * 0x1.0p-53;
        double z = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
        long k = Math.round(0.5 * n + 0.5 * z * StrictMath.sqrt(n));
        return Math.max(0, Math.min(n, k));
    }

    /** Murmur3's 64-bit finalizer: a bijective mix, the same on every JVM. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    /** A cell id from parts (weight, partition, columns, column). */
    static long cell(long... parts) {
        long h = 0x243F6A8885A308D3L;
        for (long p : parts) {
            h = mix(h ^ (p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2)));
        }
        return h;
    }
}
