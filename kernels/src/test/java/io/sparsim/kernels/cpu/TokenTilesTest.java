package io.sparsim.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pack's layout, element by element: {@code dst[off + (tile*kpad + p)*width + lane]} is A's token
 * {@code tile*width + lane} at row p, and zero past m and past k, whatever an earlier pack left in the buffer.
 * The kernel tests see the layout only through their products, where a zero written as garbage can cancel out.
 */
class TokenTilesTest {
    private static final long SEED = System.nanoTime();

    @Test
    void everyElementIsATokenOrZero() {
        try (KernelPool pool = new KernelPool(3)) {
            checkLayout(pool);
        }
    }

    private static void checkLayout(KernelPool pool) {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int width : new int[] {8, 16, 32, 64}) {
            for (int m : new int[] {1, 5, width - 1, width, width + 3, 3 * width + 1}) {
                // Rows 1 to 513: one vector's rows (width 8 packs two rows a vector), odd k, and more than one
                // task of 256 rows; kpad past k as the dense GEMM pads its k-blocks.
                for (int k : new int[] {1, 2, 7, 37, 300, 513}) {
                    for (int kpad : new int[] {k, k + 5}) {
                        int off = r.nextBoolean() ? 0 : TokenPanels.OFF;
                        poison(pool);
                        float[] a = new float[m * k];
                        for (int i = 0; i < a.length; i++) {
                            a[i] = (float) r.nextDouble(0.5, 1.5);
                        }
                        float[] dst = TokenTiles.pack(a, m, k, width, kpad, off, pool);
                        int tiles = Shapes.ceilDiv(m, width);
                        for (int tile = 0; tile < tiles; tile++) {
                            for (int p = 0; p < kpad; p++) {
                                for (int lane = 0; lane < width; lane++) {
                                    int token = tile * width + lane;
                                    float want = token < m && p < k ? a[token * k + p] : 0f;
                                    assertEquals(want, dst[off + (tile * kpad + p) * width + lane], 0f,
                                            "width " + width + " m " + m + " k " + k + " kpad " + kpad + " off "
                                                    + off + " tile " + tile + " row " + p + " lane " + lane
                                                    + " seed " + SEED);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void rejectsATileWidthTheVectorsCannotCoverAndAPadShorterThanK() {
        try (KernelPool pool = new KernelPool(1)) {
            assertThrows(IllegalArgumentException.class, () -> TokenTiles.pack(new float[12], 3, 4, 12, 4, 0, pool));
            assertThrows(IllegalArgumentException.class, () -> TokenTiles.pack(new float[12], 3, 4, 16, 3, 0, pool));
        }
    }

    /**
     * Fills this thread's pack buffer with NaN as far as any of the test's packs reach (4 tiles of 64 × 518 and
     * the offset): four full 64-token tiles of an all-NaN A, 600 rows deep.
     */
    private static void poison(KernelPool pool) {
        int m = 4 * 64;
        int k = 600;
        float[] nan = new float[m * k];
        Arrays.fill(nan, Float.NaN);
        float[] dst = TokenTiles.pack(nan, m, k, 64, k, 0, pool);
        assertEquals(Float.NaN, dst[m * k - 1], 0f, "the poison pack wrote NaN");
    }
}
