package io.sparsim.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparsim.kernels.KernelGeometry;
import org.junit.jupiter.api.Test;

/** The token panel the kernels pack has the width, chunks and k-block rows KernelGeometry gives the model. */
class TokenPanelsGeometryTest {
    @Test
    void packedPanelsHaveTheGeometrysShape() {
        int k = 256;
        try (KernelPool pool = new KernelPool(1)) {
            for (int m = 2; m <= 200; m++) {
                TokenPanels tp = TokenPanels.pack(WeightPatterns.activations(m, k, 1), m, k, pool);
                assertEquals(KernelGeometry.panelWidth(m), tp.width, "width at m = " + m);
                assertEquals(KernelGeometry.panelVectors(m), tp.vectors, "vectors at m = " + m);
                assertEquals(KernelGeometry.panelChunks(m), tp.chunks, "chunks at m = " + m);
                assertEquals(KernelGeometry.panelBlockRows(tp.width), tp.rowsPerBlock, "block rows at m = " + m);
                assertEquals(KernelGeometry.PANEL_BLOCK_BYTES, Math.max(tp.rowsPerBlock * tp.width * Float.BYTES,
                        KernelGeometry.PANEL_BLOCK_BYTES), "a panel block fits " + KernelGeometry.PANEL_BLOCK_BYTES
                        + " bytes at m = " + m);
            }
        }
    }
}
