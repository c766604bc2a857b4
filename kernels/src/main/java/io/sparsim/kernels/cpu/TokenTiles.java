package io.sparsim.kernels.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packs A (m × k, row-major) into token tiles of {@code width} rows stored k-major,
 * {@code dst[off + (tile*kpad + p)*width + lane] = A[tile*width + lane][p]}, zero past m and past k: the layout
 * of the dense GEMM's A micro-tiles and of the sparse kernels' Aᵀ panels ({@link TokenPanels}).
 * <ul>
 *   <li>The copy runs on the pool, {@value #TASK_ROWS} k-rows a task, and writes the tiles front to back, each
 *       16-float vector one gather of 16 lanes (16 tokens of one k-row; at width 8, 8 tokens of two), whose
 *       lines of A then serve the next rows. Done serially a token at a time, every token's pass strode
 *       through the whole panel: 0.62 ms at m = 64, k = 4096,
 *       4.0 ms at k = 11008 (2.8 MiB, past L2) and 2.7 ms at m = 256, time the kernel's parallel loop
 *       waited on; at m = 64 on 4096×4096 that was a tenth of the CSR kernel's 6 ms. Now 0.19, 0.35 and
 *       0.57 ms (best of 30, caches cold, workers spinning as in the suite; with them parked 0.24, 0.41 and
 *       0.60 ms, where scalar copies in L1-sized blocks took 0.34, 0.73 and 1.0 ms).</li>
 *   <li>The destination is the calling thread's pack buffer, reused from call to call as BLAS libraries
 *       reuse theirs: a new array is zeroed by the allocating thread alone, 0.12 ms per MiB here.</li>
 * </ul>
 */
final class TokenTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = S.length();
    /**
     * k-rows per parallel task: 16 tasks per tile at k = 4096, enough for the pool's dynamic split to balance two
     * threads; a task's 256 rows of a 64-token tile (64 KiB) stay in L2 while it writes them.
     */
    private static final int TASK_ROWS = 256;
    /**
     * Each thread's pack buffer; the kernels' multiply runs on the calling thread and holds the buffer only
     * until it returns, so two multiplies never share one.
     */
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * Smallest pack buffer: half a G1 region (at least 1 MiB), so every buffer is a humongous object, which G1 places
     * at a region boundary; {@link TokenPanels#OFF} relies on that to put every row on a 64-byte line. Regions are
     * the heap over 2048 rounded up to a power of two (1 MiB for the suite's forks, 4 MiB at a 6 GiB heap); a buffer
     * under half a region lands anywhere, and one JVM's csr at M = 64 then ran 16 or 19 ms by where its 1 MiB buffer
     * fell. Where the region size cannot be read, the largest G1 region (32 MiB) is assumed; under another collector
     * nothing aligns the buffer.
     */
    private static final int MIN_FLOATS = minFloats();

    private static int minFloats() {
        long region = 32L << 20;
        try {
            String value = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("G1HeapRegionSize").getValue();
            long read = Long.parseLong(value);
            if (read > 0) {
                region = read;
            }
        } catch (RuntimeException | LinkageError e) {
            // no HotSpot management bean: keep the largest region
        }
        return (int) Math.max(1 << 18, region / 2 / Float.BYTES);
    }

    private TokenTiles() {
    }

    /**
     * A's token tiles at {@code off} in the calling thread's pack buffer, which holds at least
     * {@code off + tiles*kpad*width} floats and stays valid until this thread packs again.
     */
    static float[] pack(float[] a, int m, int k, int width, int kpad, int off, KernelPool pool) {
        if (width % L != 0 && L % width != 0) {
            throw new IllegalArgumentException("tile width " + width + " neither divides nor is a multiple of " + L);
        }
        if (kpad < k || off < 0 || (long) off + (long) Shapes.ceilDiv(m, width) * kpad * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("pack of " + m + "×" + k + " into tiles of " + width + "×" + kpad
                    + " at " + off + " does not fit one array");
        }
        int tiles = Shapes.ceilDiv(m, width);
        int size = off + tiles * kpad * width;
        float[] dst = BUFFER.get();
        if (dst.length < size) {
            dst = new float[Math.max(size, MIN_FLOATS)];
            BUFFER.set(dst);
        }
        float[] out = dst;
        // Every tile but the last holds all its tokens.
        Gathers full = new Gathers(width, width, k);
        int lastLanes = m - (tiles - 1) * width;
        Gathers last = lastLanes == width ? full : new Gathers(width, lastLanes, k);
        int tasksPerTile = Shapes.ceilDiv(kpad, TASK_ROWS);
        pool.parallelFor(tiles * tasksPerTile, t -> {
            int tile = t / tasksPerTile;
            int p0 = (t % tasksPerTile) * TASK_ROWS;
            copy(a, k, width, kpad, off, out, tile, tile == tiles - 1 ? last : full, p0,
                    Math.min(kpad, p0 + TASK_ROWS));
        });
        return out;
    }

    /**
     * The gathers of a tile with {@code lanes} of its {@code width} tokens present: for each of its 16-float vectors
     * (16 lanes of one row, or at width 8 two rows), offsets into A and the lanes to zero.
     */
    private static final class Gathers {
        final int[] idx;
        final List<VectorMask<Float>> pad = new ArrayList<>();
        final int rowsPerVector;

        Gathers(int width, int lanes, int k) {
            idx = new int[Math.max(width, L)];
            rowsPerVector = Math.max(1, L / width);
            boolean[] zero = new boolean[idx.length];
            for (int i = 0; i < idx.length; i++) {
                int lane = i % width;
                zero[i] = lane >= lanes;
                idx[i] = (zero[i] ? 0 : lane * k) + i / width;
            }
            for (int l = 0; l < idx.length; l += L) {
                pad.add(VectorMask.fromArray(S, zero, l));
            }
        }
    }

    /** Rows [p0, p1) of one tile: A's values for p < k and present tokens, zeros elsewhere. */
    private static void copy(float[] a, int k, int width, int kpad, int off, float[] dst, int tile, Gathers g, int p0,
            int p1) {
        int base = off + tile * kpad * width;
        int aBase = tile * width * k;
        int[] idx = g.idx;
        int copied = Math.min(p1, k);
        int p = p0;
        for (; p + g.rowsPerVector <= copied; p += g.rowsPerVector) {
            int d = base + p * width;
            for (int l = 0; l < idx.length; l += L) {
                FloatVector.fromArray(S, a, aBase + p, idx, l).blend(0f, g.pad.get(l / L)).intoArray(dst, d + l);
            }
        }
        for (; p < copied; p++) {
            for (int i = 0; i < width; i++) {
                dst[base + p * width + i] = g.pad.get(i / L).laneIsSet(i % L) ? 0f : a[aBase + idx[i] + p];
            }
        }
        if (p1 > copied) {
            int from = base + Math.max(p0, copied) * width;
            Arrays.fill(dst, from, base + p1 * width, 0f);
        }
    }
}
