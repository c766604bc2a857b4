package io.sparsim.kernels.cpu;

import java.util.SplittableRandom;

/**
 * Random weights with a given sparsity pattern, for tests and timing. Kept values are drawn from
 * [-1, 1] and never exactly zero, so the pattern is exactly the one asked for.
 */
public final class WeightPatterns {
    private WeightPatterns() {
    }

    private static float nonzero(SplittableRandom r) {
        float v = (float) (r.nextDouble() * 2 - 1);
        return v == 0f ? 0.5f : v;
    }

    /** Row-major k×n; each element is zero with probability {@code sparsity} (0 ≤ sparsity < 1). */
    public static float[] unstructured(int k, int n, double sparsity, long seed) {
        check(sparsity);
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[k * n];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() < sparsity ? 0f : nonzero(r);
        }
        return w;
    }

    /** 2:4 along k: in every column, each full group of 4 rows has exactly 2 nonzeros at random places. */
    public static float[] twoFour(int k, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[k * n];
        for (int g = 0; g + 4 <= k; g += 4) {
            for (int j = 0; j < n; j++) {
                int a = r.nextInt(4);
                int b = (a + 1 + r.nextInt(3)) % 4;
                w[(g + a) * n + j] = nonzero(r);
                w[(g + b) * n + j] = nonzero(r);
            }
        }
        for (int p = k - k % 4; p < k; p++) {
            for (int j = 0; j < n; j++) {
                w[p * n + j] = r.nextBoolean() ? nonzero(r) : 0f;
            }
        }
        // A tail group of fewer than 4 rows holds at most 2 nonzeros only if it has at most 2 rows.
        if (k % 4 == 3) {
            for (int j = 0; j < n; j++) {
                w[(k - 1) * n + j] = 0f;
            }
        }
        return w;
    }

    /** b×b blocks, each entirely zero with probability {@code sparsity}, else dense. */
    public static float[] block(int k, int n, int b, double sparsity, long seed) {
        check(sparsity);
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[k * n];
        for (int p0 = 0; p0 < k; p0 += b) {
            for (int j0 = 0; j0 < n; j0 += b) {
                if (r.nextDouble() < sparsity) {
                    continue;
                }
                for (int p = p0; p < Math.min(k, p0 + b); p++) {
                    for (int j = j0; j < Math.min(n, j0 + b); j++) {
                        w[p * n + j] = nonzero(r);
                    }
                }
            }
        }
        return w;
    }

    /** Dense m×k activations in [-1, 1]. */
    public static float[] activations(int m, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = nonzero(r);
        }
        return a;
    }

    private static void check(double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
    }
}
