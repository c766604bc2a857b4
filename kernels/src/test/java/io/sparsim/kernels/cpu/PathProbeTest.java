package io.sparsim.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.kernels.KernelPaths;
import io.sparsim.kernels.KernelPaths.BitmaskGemv;
import io.sparsim.kernels.KernelPaths.CsrGemv;
import org.junit.jupiter.api.Test;

class PathProbeTest {
    private static final KernelPaths GATHER = new KernelPaths(CsrGemv.GATHER, BitmaskGemv.EXPAND);
    private static final KernelPaths SCALAR = GATHER.withCsr(CsrGemv.SCALAR);

    /** A probe result of the csr timings given, as {@link PathProbe#run} would choose from them. */
    private static PathProbe.Result probed(double gather, double scalar) {
        KernelPaths chosen = scalar <= PathProbe.MARGIN * gather ? SCALAR : GATHER;
        return new PathProbe.Result(chosen, gather, scalar, 4e-3, 0.8e-3);
    }

    @Test
    void aTieGoesToThePathsACalibrationWasFittedOn() {
        PathProbe.Result tie = probed(1.00e-3, 0.97e-3);
        assertTrue(tie.csrTied());
        assertEquals(GATHER, tie.paths(), "the probe keeps its default inside the margin");
        assertEquals(SCALAR, tie.preferring(SCALAR::equals));
        assertEquals(GATHER, tie.preferring(p -> true), "both calibrated: the probe's choice stands");
        assertEquals(GATHER, tie.preferring(p -> false), "neither calibrated: the probe's choice stands");
        PathProbe.Result gatherAhead = probed(0.97e-3, 1.00e-3);
        assertTrue(gatherAhead.csrTied());
        assertEquals(SCALAR, gatherAhead.preferring(SCALAR::equals));
    }

    @Test
    void aClearWinnerIsKeptWhateverIsCalibrated() {
        PathProbe.Result scalarWins = probed(1.00e-3, 0.90e-3);
        assertFalse(scalarWins.csrTied());
        assertEquals(SCALAR, scalarWins.preferring(GATHER::equals));
        PathProbe.Result gatherWins = probed(0.90e-3, 1.00e-3);
        assertFalse(gatherWins.csrTied());
        assertEquals(GATHER, gatherWins.preferring(SCALAR::equals));
    }
}
