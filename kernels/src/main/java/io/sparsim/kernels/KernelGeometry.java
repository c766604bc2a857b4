package io.sparsim.kernels;

/**
 * The shapes Sparsim's CPU kernels work in — panel widths, row-path thresholds, k-block rows, task widths —
 * and the arithmetic over them. The kernels ({@code io.sparsim.kernels.cpu}) run on these numbers and the CPU
 * model ({@code simulator.cpu.CpuTarget}) counts its visits and bytes with them, so the two cannot drift apart.
 * Free of the Vector API, so the simulator can read it without the incubator module.
 */
public final class KernelGeometry {
    /** fp32 lanes of the kernels' vectors (512 bits). */
    public static final int LANES = 16;
    /** Most tokens in one chunk of the token panel: four vectors. */
    public static final int TOKEN_CHUNK = 4 * LANES;
    /** Bytes of one k-block of the token panel, kept in L1 while every column of a task reads it. */
    public static final int PANEL_BLOCK_BYTES = 32 * 1024;
    /** Fewest rows in a panel k-block: one CSR granule. */
    public static final int CSR_GRANULE = 64;
    /** Most rows per k-block of the CSR kernel, whose sliced weight shares L1 with the panel block. */
    public static final int CSR_MAX_BLOCK_ROWS = 256;
    /** 64-bit mask words per k-block of the bitmask kernel at every chunk width: its value layout's unit. */
    public static final int BITMASK_BLOCK_WORDS = 2;
    /** Rows per k-block of the bitmask kernel. */
    public static final int BITMASK_BLOCK_ROWS = BITMASK_BLOCK_WORDS * Long.SIZE;
    /** Output columns per parallel task of the token-panel kernels (CSR, bitmask, 2:4): four 16-column slices. */
    public static final int PANEL_TASK_COLUMNS = 4 * LANES;
    /** Largest M the CSR kernel runs on its row path (gathering 16 columns' activations per token). */
    public static final int CSR_ROW_PATH_TOKENS = 4;
    /** Largest M the 2:4 kernel runs on its row path (permuting 16 columns' activations per token). */
    public static final int NM_ROW_PATH_TOKENS = 32;
    /** Block side of the block-sparse kernel. */
    public static final int BLOCK_SIDE = 16;
    /** Tokens per register tile of the dense and block-sparse micro-kernels. */
    public static final int TOKEN_TILE = 8;
    /**
     * Columns of W per panel of the dense micro-kernel: two vectors, so its register tile is
     * {@value #TOKEN_TILE}×32, 16 accumulators.
     */
    public static final int DENSE_PANEL_COLUMNS = 2 * LANES;
    /** k steps per k-block of the dense micro-kernel: its W micro-panel (192 × 32 floats, 24 KiB) stays in L1. */
    public static final int DENSE_K_BLOCK = 192;

    private KernelGeometry() {
    }

    /** Vectors per token chunk for {@code m} tokens: 1, 2 or 4 (three round up to four). */
    public static int panelVectors(long m) {
        int v = (int) ((Math.min(m, TOKEN_CHUNK) + LANES - 1) / LANES);
        return v == 3 ? 4 : v;
    }

    /** Tokens per chunk of the token panel: 16, 32 or 64. */
    public static int panelWidth(long m) {
        return panelVectors(m) * LANES;
    }

    /** Token chunks for {@code m} tokens. */
    public static long panelChunks(long m) {
        int width = panelWidth(m);
        return (m + width - 1) / width;
    }

    /** Rows of a panel k-block of chunk width {@code width}: {@value #PANEL_BLOCK_BYTES} bytes, at least a granule. */
    public static int panelBlockRows(int width) {
        return Math.max(CSR_GRANULE, PANEL_BLOCK_BYTES / (width * Float.BYTES));
    }

    /**
     * Rows per k-block a token-panel kernel walks for {@code m} tokens: the panel block, capped for CSR
     * ({@value #CSR_MAX_BLOCK_ROWS}); the bitmask kernel's are fixed by its layout.
     */
    public static int kBlockRows(KernelId kernel, long m) {
        return switch (kernel) {
            case CSR -> Math.min(CSR_MAX_BLOCK_ROWS, panelBlockRows(panelWidth(m)));
            case BITMASK -> BITMASK_BLOCK_ROWS;
            case TWO_FOUR -> panelBlockRows(panelWidth(m));
            case DENSE, BLOCK16 -> throw new IllegalArgumentException(kernel + " does not walk a token panel");
        };
    }

    /** Largest M a kernel runs on its row path (one pass over the weight per token); 0 if it has none. */
    public static int rowPathTokens(KernelId kernel) {
        return switch (kernel) {
            case CSR -> CSR_ROW_PATH_TOKENS;
            case TWO_FOUR -> NM_ROW_PATH_TOKENS;
            case BITMASK -> 1;
            case DENSE, BLOCK16 -> 1;
        };
    }

    /** Column visits of a token-panel kernel: every column once per k-block per token chunk. */
    public static double panelVisits(KernelId kernel, long n, long k, long m) {
        long rows = kBlockRows(kernel, m);
        return (double) n * Math.ceil((double) k / rows) * panelChunks(m);
    }

    /** The csr kernel's loop for {@code m} tokens with these probed paths. */
    public enum CsrLoop {
        /** M = 1 (and a few tokens): 16-lane hardware gathers of A by the slice's row indices. */
        GATHER,
        /** M = 1 on a machine whose probe chose {@link KernelPaths.CsrGemv#SCALAR}: scalar index and A loads. */
        SCALAR_LOADS,
        /** Many tokens: per nonzero a broadcast and 1-4 vector FMAs over a chunk of the token panel. */
        TOKEN_PANELS
    }

    /** Which loop the csr kernel runs for {@code m} tokens: the kernel dispatches on this, the CPU model names it. */
    public static CsrLoop csrLoop(long m, KernelPaths paths) {
        if (m == 1 && paths.csrGemv() == KernelPaths.CsrGemv.SCALAR) {
            return CsrLoop.SCALAR_LOADS;
        }
        return m <= CSR_ROW_PATH_TOKENS ? CsrLoop.GATHER : CsrLoop.TOKEN_PANELS;
    }
}
