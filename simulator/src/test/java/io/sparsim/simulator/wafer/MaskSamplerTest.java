package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The seeded mask: binomial per cell, nested in density, reproducible. */
class MaskSamplerTest {

    @Test
    void countsAreNestedInDensity() {
        MaskSampler s = new MaskSampler(7);
        Random rnd = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            long cell = rnd.nextLong();
            long n = 1 + (long) Math.floor(Math.pow(10, 1 + 5 * rnd.nextDouble()));
            long previous = 0;
            for (double d = 0; d <= 1.0001; d += 0.025) {
                long k = s.keptUniform(cell, n, Math.min(1, d));
                assertTrue(k >= previous, "count fell from " + previous + " to " + k + " at density " + d);
                assertTrue(k <= n);
                previous = k;
            }
            assertEquals(n, s.keptUniform(cell, n, 1));
            assertEquals(0, s.keptUniform(cell, n, 0));
        }
    }

    @Test
    void countsAreBinomial() {
        MaskSampler s = new MaskSampler(3);
        double d = 0.3;
        for (long n : new long[] {300, 20_000}) { // exact-popcount and normal branches
            int cells = 3000;
            double sum = 0;
            double sq = 0;
            for (int c = 0; c < cells; c++) {
                double k = s.keptUniform(c, n, d);
                sum += k;
                sq += k * k;
            }
            double mean = sum / cells;
            double var = sq / cells - mean * mean;
            double sigma = Math.sqrt(n * d * (1 - d));
            assertEquals(n * d, mean, 4 * sigma / Math.sqrt(cells), "mean for n=" + n);
            assertEquals(n * d * (1 - d), var, 0.12 * n * d * (1 - d), "variance for n=" + n);
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        long n = 100_000;
        MaskSampler a = new MaskSampler(42);
        MaskSampler b = new MaskSampler(42);
        MaskSampler c = new MaskSampler(43);
        boolean differs = false;
        for (int cell = 0; cell < 50; cell++) {
            assertEquals(a.keptUniform(cell, n, 0.3), b.keptUniform(cell, n, 0.3));
            differs |= a.keptUniform(cell, n, 0.3) != c.keptUniform(cell, n, 0.3);
        }
        assertTrue(differs, "a different seed must give a different mask");
        assertNotEquals(a.keptUniform(1, n, 0.3), a.keptUniform(2, n, 0.3));
    }

    @Test
    void structuredPatterns() {
        MaskSampler s = new MaskSampler(1);
        assertEquals(500, s.kept(new WeightSparsity.NM(2, 4), 9, 1000), "2:4 keeps exactly half: no imbalance");
        assertEquals(1000, s.kept(WeightSparsity.DENSE, 9, 1000));
        long block = s.kept(new WeightSparsity.Block(16, 16, 0.5), 9, 256 * 400);
        assertEquals(0, block % 256, "block sparsity keeps whole 16x16 blocks");
        assertTrue(block > 256 * 120 && block < 256 * 280, "about half the blocks: " + block / 256);
    }

    @Test
    void exactCountsAddUpToThePatternsCountAndAreNestedInDensity() {
        MaskSampler s = new MaskSampler(5);
        Random rnd = new Random(13);
        for (int trial = 0; trial < 60; trial++) {
            int cells = 1 + rnd.nextInt(300);
            long[] ids = new long[cells];
            long[] sizes = new long[cells];
            long all = 0;
            for (int c = 0; c < cells; c++) {
                ids[c] = rnd.nextLong();
                sizes[c] = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 20_000);
                all += sizes[c];
            }
            long[] previous = new long[cells];
            for (double d = 0.05; d <= 1.0001; d += 0.05) {
                for (WeightSparsity p : new WeightSparsity[] {WeightSparsity.unstructured(1 - Math.min(1, d)),
                    WeightSparsity.block(8, 1 - Math.min(1, d))}) {
                    if (p.density() <= 0) {
                        continue;
                    }
                    long total = Math.round(all * p.density());
                    long[] kept = s.keptExactly(p, ids, sizes, total);
                    long sum = 0;
                    for (int c = 0; c < cells; c++) {
                        assertTrue(kept[c] >= 0 && kept[c] <= sizes[c], p + " cell " + c + ": " + kept[c]);
                        sum += kept[c];
                    }
                    assertEquals(total, sum, p + ": the cells keep exactly the pattern's count");
                    if (p instanceof WeightSparsity.Unstructured) {
                        for (int c = 0; c < cells; c++) {
                            assertTrue(kept[c] >= previous[c], "cell " + c + " fell from " + previous[c] + " to "
                                    + kept[c] + " as density rose to " + d);
                        }
                        previous = kept;
                    }
                }
            }
        }
    }

    @Test
    void exactCountsSpreadLikeARandomMaskAndShortNmRowsKeepTheirValues() {
        MaskSampler s = new MaskSampler(9);
        int cells = 2000;
        long[] ids = new long[cells];
        long[] sizes = new long[cells];
        for (int c = 0; c < cells; c++) {
            ids[c] = c;
            sizes[c] = 1000;
        }
        long[] kept = s.keptExactly(WeightSparsity.unstructured(0.7), ids, sizes, 600_000);
        double sq = 0;
        for (long k : kept) {
            sq += (k - 300.0) * (k - 300.0);
        }
        // a cell of a 30%-dense mask: about binomial spread (sigma^2 = 210), not an even split
        assertEquals(210, sq / cells, 0.15 * 210, "variance across cells");
        // 1:56 on rows of one weight keeps every row's one value: the count the pattern gives, not 1/56 of it
        long[] nm = s.keptExactly(new WeightSparsity.NM(1, 56), new long[] {1}, new long[] {69},
                new WeightSparsity.NM(1, 56).keptValues(69, 1));
        assertEquals(69, nm[0]);
    }
}
