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
}
