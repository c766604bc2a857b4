package io.sparsim.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kernel against a reference on random data. The seed changes every run (System.nanoTime) and
 * is printed in each failure message so a failing case can be replayed.
 *
 * <p>Tolerance: two fp32 sums of the same k products in different orders each differ from the exact
 * value by at most γ_k·Σ|a·w| (γ_k ≈ k·u, u = 2^-24), so they differ from each other by at most
 * 2·k·u·Σ|a·w| per element; the test uses that bound (plus a small absolute slack for denormals).
 */
class KernelCorrectnessTest {
    private static final double U = Math.ulp(1.0f) / 2;
    private static final long SEED = System.nanoTime();
    /**
     * (m, k, n): odd sizes, tails of every tile/slice/block, and m spanning 1, 2 and 4 vectors and 2 chunks;
     * {12, 1100, 40} walks a 16-token panel in several k-blocks (CSR's 256 rows, the panel's 512) with a tail.
     */
    private static final int[][] SHAPES = {
        {1, 37, 53}, {3, 100, 97}, {8, 129, 50}, {1, 257, 131}, {17, 64, 200}, {40, 77, 33}, {64, 300, 70},
        {70, 65, 145}, {9, 200, 48}, {1, 200, 48}, {2, 1, 1}, {12, 1100, 40}
    };
    private static KernelPool pool;

    @BeforeAll
    static void start() {
        pool = new KernelPool(3);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static String ctx(String what, int m, int k, int n, long seed) {
        return what + " m=" + m + " k=" + k + " n=" + n + " seed=" + seed + " (class seed " + SEED + ")";
    }

    /** Exact-ish reference in double, plus Σ|a·w| per element for the tolerance. */
    private static double[][] reference(float[] a, float[] w, int m, int k, int n) {
        double[] c = new double[m * n];
        double[] mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double av = a[i * k + p];
                for (int j = 0; j < n; j++) {
                    double prod = av * w[p * n + j];
                    c[i * n + j] += prod;
                    mag[i * n + j] += Math.abs(prod);
                }
            }
        }
        return new double[][] {c, mag};
    }

    private static void assertClose(float[] expected, float[] actual, double[] mag, int k, String what) {
        int nonzero = 0;
        int touched = 0;
        for (int i = 0; i < expected.length; i++) {
            if (mag[i] > 0) {
                touched++;
            }
            double tol = 2.0 * k * U * mag[i] + 1e-30;
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) { // NaN (an output never written) fails too
                fail(what + ": element " + i + " expected " + expected[i] + " got " + actual[i] + " (tol " + tol + ")");
            }
            if (actual[i] != 0f) {
                nonzero++;
            }
        }
        // never all-zero data: every output with a nonzero contribution should come out nonzero
        assertTrue(touched > 0 && nonzero >= 0.9 * touched,
                what + ": only " + nonzero + " of " + touched + " outputs with nonzero products are nonzero");
    }

    /** Packed A over 1 MiB: dense takes the k-block-major order with few tiles, block16 its tile groups. */
    private static final int[][] LARGE_A = {{40, 7000, 60}, {300, 1000, 150}};

    @Test
    void denseMatchesNaiveTripleLoop() {
        for (int[] s : java.util.stream.Stream.concat(java.util.Arrays.stream(SHAPES), java.util.Arrays.stream(LARGE_A))
                .toList()) {
            int m = s[0], k = s[1], n = s[2];
            long seed = SEED + 31L * m + k * 7L + n;
            float[] a = WeightPatterns.activations(m, k, seed);
            float[] w = WeightPatterns.unstructured(k, n, 0.0, seed + 1);
            double[][] ref = reference(a, w, m, k, n);
            float[] expected = new float[m * n];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) ref[0][i];
            }
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN); // multiply must overwrite, not accumulate
            SparseWeight.encode(w, k, n, KernelId.DENSE).multiply(a, m, c, pool);
            // the double reference is exact to ~1 ulp, so the single bound k·u·Σ|a·w| applies
            assertClose(expected, c, ref[1], k, ctx("dense vs naive", m, k, n, seed));
        }
    }

    @Test
    void unstructuredFormatsMatchDense() {
        for (double sparsity : List.of(0.0, 0.5, 0.7, 0.95)) {
            for (int[] s : SHAPES) {
                checkAgainstDense(s[0], s[1], s[2], sparsity, "u", List.of(KernelId.CSR, KernelId.BITMASK, KernelId.BLOCK16));
            }
        }
    }

    @Test
    void twoFourMatchesDense() {
        for (int[] s : SHAPES) {
            checkAgainstDense(s[0], s[1], s[2], 0.5, "2:4", List.of(KernelId.TWO_FOUR, KernelId.CSR));
        }
    }

    @Test
    void blockMatchesDenseOnBlockSparseWeights() {
        for (double sparsity : List.of(0.5, 0.8)) {
            for (int[] s : SHAPES) {
                checkAgainstDense(s[0], s[1], s[2], sparsity, "block", List.of(KernelId.BLOCK16, KernelId.BITMASK));
            }
            for (int[] s : LARGE_A) {
                checkAgainstDense(s[0], s[1], s[2], sparsity, "block", List.of(KernelId.BLOCK16));
            }
        }
    }

    /**
     * The pack buffer is reused from multiply to multiply on a thread: a larger call that left infinities in it
     * must not reach a smaller one's padding (tokens past m, block16's rows past k), where Inf·0 is NaN.
     */
    @Test
    void kernelsIgnoreWhatAnEarlierMultiplyLeftInThePackBuffer() {
        int big = 96;
        int bigK = 2000;
        float[] inf = new float[big * bigK];
        java.util.Arrays.fill(inf, Float.POSITIVE_INFINITY);
        float[] w = WeightPatterns.block(bigK, 32, 16, 0.5, SEED);
        for (KernelId f : List.of(KernelId.DENSE, KernelId.BLOCK16, KernelId.CSR)) {
            for (int[] s : new int[][] {{5, 37, 40}, {17, 250, 33}, {8, 129, 50}}) {
                SparseWeight.encode(w, bigK, 32, f).multiply(inf, big, new float[big * 32], pool);
                checkAgainstDense(s[0], s[1], s[2], 0.5, "block", List.of(f));
            }
        }
    }

    private void checkAgainstDense(int m, int k, int n, double sparsity, String pattern, List<KernelId> formats) {
        long seed = SEED ^ (k * 1_000_003L + n * 7919L + m + Double.hashCode(sparsity));
        float[] w = switch (pattern) {
            case "2:4" -> WeightPatterns.twoFour(k, n, seed);
            case "block" -> WeightPatterns.block(k, n, 16, sparsity, seed);
            default -> WeightPatterns.unstructured(k, n, sparsity, seed);
        };
        float[] a = WeightPatterns.activations(m, k, seed + 1);
        double[] mag = reference(a, w, m, k, n)[1];
        float[] dense = new float[m * n];
        SparseWeight.encode(w, k, n, KernelId.DENSE).multiply(a, m, dense, pool);
        boolean anyWeight = false;
        for (float x : w) {
            anyWeight |= x != 0f;
        }
        for (KernelId f : formats) {
            for (KernelPaths paths : PATHS) {
                float[] c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                SparseWeight kernel = SparseWeight.encode(w, k, n, f, paths);
                kernel.multiply(a, m, c, pool);
                String what = ctx(f + " (" + paths.text() + ") vs dense, " + pattern + " " + sparsity, m, k, n, seed);
                if (anyWeight && k * n >= 64) {
                    assertClose(dense, c, mag, k, what);
                } else {
                    for (int i = 0; i < c.length; i++) {
                        assertTrue(Math.abs(dense[i] - c[i]) <= 2.0 * k * U * mag[i] + 1e-30, what + " element " + i);
                    }
                }
            }
        }
    }

    /**
     * Every probed inner path of every kernel is checked, whichever this machine's probe picks; the bitmask expand
     * path where this JVM has the Vector API's expand (JDK 19+: CI's second build).
     */
    private static final List<KernelPaths> PATHS = java.util.Arrays.stream(KernelPaths.CsrGemv.values())
            .flatMap(g -> java.util.Arrays.stream(KernelPaths.BitmaskGemv.values())
                    .filter(b -> b != KernelPaths.BitmaskGemv.EXPAND || PathProbe.expandAvailable())
                    .map(b -> new KernelPaths(g, b)))
            .toList();

    @Test
    void theProbeChoosesOnePathAndItsVersionSaysWhich() {
        PathProbe.Result r = PathProbe.run(pool);
        assertTrue(r.gatherSeconds() > 0 && r.scalarSeconds() > 0, r.describe());
        assertEquals(r.scalarSeconds() <= PathProbe.MARGIN * r.gatherSeconds() ? KernelPaths.CsrGemv.SCALAR
                : KernelPaths.CsrGemv.GATHER, r.paths().csrGemv(), r.describe());
        assertEquals(PathProbe.expandAvailable() && r.expandSeconds() <= PathProbe.MARGIN * r.walkSeconds()
                ? KernelPaths.BitmaskGemv.EXPAND : KernelPaths.BitmaskGemv.WALK, r.paths().bitmaskGemv(), r.describe());
        assertEquals(PathProbe.expandAvailable(), KernelPaths.jvmHasVectorExpand(), "the cache's JVM test and the kernel's");
        assertEquals(r.paths(), KernelPaths.parse(r.paths().text()).orElseThrow());
        // The cache file holds the probe's description as a comment, which names the paths too.
        assertEquals(r.paths(), KernelPaths.parse(r.paths().text() + "\n# " + r.describe() + "\n").orElseThrow());
        assertEquals(r.paths(), KernelPaths.ofVersion(r.paths().versionOf("1")));
        // The default paths keep the bare version the committed calibrations were measured with.
        assertEquals("1", KernelPaths.DEFAULT.versionOf("1"));
        KernelPaths scalar = KernelPaths.DEFAULT.withCsr(KernelPaths.CsrGemv.SCALAR);
        assertEquals("1+csr-scalar", scalar.versionOf("1"));
        assertEquals("1+csr-scalar+bitmask-expand", scalar.withBitmask(KernelPaths.BitmaskGemv.EXPAND).versionOf("1"));
        assertTrue(KernelPaths.parse("csrGemv=warp").isEmpty());
        assertTrue(KernelPaths.parse("csrGemv=scalar,bitmaskGemv=hop").isEmpty());
        // Files written before the bitmask path had a choice ran the walk.
        assertEquals(scalar, KernelPaths.parse("csrGemv=scalar").orElseThrow());
        assertEquals(io.sparsim.kernels.KernelGeometry.CsrLoop.SCALAR_LOADS, io.sparsim.kernels.KernelGeometry.csrLoop(1, scalar));
        assertEquals(io.sparsim.kernels.KernelGeometry.CsrLoop.GATHER, io.sparsim.kernels.KernelGeometry.csrLoop(2, scalar));
        assertEquals(io.sparsim.kernels.KernelGeometry.CsrLoop.GATHER,
                io.sparsim.kernels.KernelGeometry.csrLoop(1, KernelPaths.DEFAULT));
    }

    /**
     * The bitmask layout the M ≥ 2 path streams: within each 64-column task, each 128-row block of all its
     * columns is one run, column after column, blocks in k order. Correctness does not depend on it (the
     * tests above pass on a column-major layout too); a stream of 64 scattered pieces per block made M = 64
     * 20% slower.
     */
    @Test
    void bitmaskValuesAreOneRunPerTaskAndBlock() {
        int k = 300;
        int n = 145;
        float[] w = WeightPatterns.unstructured(k, n, 0.7, SEED);
        BitmaskKernel b = (BitmaskKernel) SparseWeight.encode(w, k, n, KernelId.BITMASK);
        int words = Shapes.ceilDiv(k, 64);
        int expected = 0;
        for (int j0 = 0; j0 < n; j0 += 64) {
            for (int q0 = 0; q0 < words; q0 += BitmaskKernel.BLOCK_WORDS) {
                for (int j = j0; j < Math.min(n, j0 + 64); j++) {
                    for (int q = q0; q < Math.min(words, q0 + BitmaskKernel.BLOCK_WORDS); q++) {
                        assertEquals(expected, b.valueIndex(j, q), "column " + j + " word " + q + " seed " + SEED);
                        for (int p = 64 * q; p < Math.min(k, 64 * q + 64); p++) {
                            expected += w[p * n + j] != 0f ? 1 : 0;
                        }
                    }
                }
            }
        }
        assertEquals(b.storedValues(), expected, "seed " + SEED);
    }

    @Test
    void storedValuesCountTheNonzeros() {
        int k = 130, n = 45;
        float[] w = WeightPatterns.unstructured(k, n, 0.8, SEED);
        long nnz = 0;
        for (float x : w) {
            nnz += x != 0f ? 1 : 0;
        }
        assertEquals(nnz, SparseWeight.encode(w, k, n, KernelId.CSR).storedValues(), "seed " + SEED);
        assertEquals(nnz, SparseWeight.encode(w, k, n, KernelId.BITMASK).storedValues(), "seed " + SEED);
        float[] w24 = WeightPatterns.twoFour(128, n, SEED);
        assertEquals(128L / 4 * 2 * n, SparseWeight.encode(w24, 128, n, KernelId.TWO_FOUR).storedValues());
        // compressed formats must be smaller than dense at 80% sparsity
        long denseBytes = 4L * k * n;
        assertTrue(SparseWeight.encode(w, k, n, KernelId.BITMASK).storedBytes() < denseBytes);
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        int m = 5, k = 333, n = 517;
        float[] w = WeightPatterns.unstructured(k, n, 0.7, SEED);
        float[] a = WeightPatterns.activations(m, k, SEED + 1);
        try (KernelPool one = new KernelPool(1)) {
            for (KernelId f : KernelId.values()) {
                float[] wf = f == KernelId.TWO_FOUR ? WeightPatterns.twoFour(k, n, SEED) : w;
                SparseWeight kernel = SparseWeight.encode(wf, k, n, f);
                for (int mm : new int[] {1, m}) {
                    float[] c1 = new float[mm * n];
                    float[] c3 = new float[mm * n];
                    kernel.multiply(a, mm, c1, one);
                    kernel.multiply(a, mm, c3, pool);
                    assertArrayEquals(c1, c3, f + " m=" + mm + " seed " + SEED);
                }
            }
        }
    }

    /**
     * The same multiply gives the same bits however far the JIT has got: every call is compared with the first, which
     * runs before C2 has compiled the loops (the Vector API's Java fallbacks). A lane reduction whose order is left to
     * the implementation (FloatVector.reduceLanes(ADD): sequential in the fallback, a tree once compiled) made the
     * bitmask expand path's M = 1 output change between calls by up to 4e-5 relative.
     */
    @Test
    void repeatedMultipliesGiveTheSameBits() {
        int k = 200;
        int n = 70;
        float[] w = WeightPatterns.unstructured(k, n, 0.7, SEED);
        float[] w24 = WeightPatterns.twoFour(k, n, SEED);
        for (KernelId f : KernelId.values()) {
            for (KernelPaths paths : PATHS) {
                SparseWeight kernel = SparseWeight.encode(f == KernelId.TWO_FOUR ? w24 : w, k, n, f, paths);
                for (int m : new int[] {1, 64}) {
                    float[] a = WeightPatterns.activations(m, k, SEED + m);
                    float[] first = new float[m * n];
                    kernel.multiply(a, m, first, pool);
                    float[] c = new float[m * n];
                    for (int call = 0; call < (m == 1 ? 600 : 30); call++) {
                        kernel.multiply(a, m, c, pool);
                        if (!java.util.Arrays.equals(first, c)) {
                            fail(ctx(f + " (" + paths.text() + ") call " + call + " differs from the first", m, k, n,
                                    SEED));
                        }
                    }
                }
            }
        }
    }

    @Test
    void twoFourRejectsThreeNonzerosInAGroup() {
        float[] w = WeightPatterns.twoFour(8, 3, SEED);
        w[5 * 3 + 1] = 1f;
        w[4 * 3 + 1] = 1f;
        w[6 * 3 + 1] = 1f;
        BadInputException e = assertThrows(BadInputException.class,
                () -> SparseWeight.encode(w, 8, 3, KernelId.TWO_FOUR));
        assertTrue(e.getMessage().contains("column 1, rows 4..7"), e.getMessage());
    }

    @Test
    void badOperandsAreRejected() {
        SparseWeight kernel = SparseWeight.encode(new float[12], 3, 4, KernelId.CSR);
        assertThrows(BadInputException.class, () -> kernel.multiply(new float[5], 2, new float[8], pool));
        assertThrows(BadInputException.class, () -> kernel.multiply(new float[6], 2, new float[7], pool));
        assertThrows(BadInputException.class, () -> kernel.multiply(new float[6], 0, new float[8], pool));
        assertThrows(BadInputException.class, () -> SparseWeight.encode(new float[11], 3, 4, KernelId.DENSE));
        assertThrows(BadInputException.class, () -> SparseWeight.encode(new float[12], 0, 4, KernelId.DENSE));
    }
}
