package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A non-Cerebras wafer (other mesh, SRAM, SIMD width, wavelet size, I/O) simulates through the same code. */
class HypotheticalWaferTest {

    @Test
    void peakComesFromMeshLanesAndClock() {
        WaferProfile p = WaferFixtures.hypothetical();
        assertEquals(96 * 64 * 16 * 2 * 1.5e9, new WaferTarget(p).densePeakFlopsPerSecond(Precision.BF16), 1);
    }

    @Test
    void everyPhaseAndModeRuns() {
        WaferProfile p = WaferFixtures.hypothetical();
        for (Phase phase : List.of(new Phase.Train(16, 512), new Phase.Prefill(8, 512), new Phase.Decode(8, 512))) {
            for (String sparsity : new String[] {null, "unstructured:0.7", "2:4"}) {
                var graph = WaferFixtures.graph(WaferFixtures.tiny(), phase, sparsity);
                SimResult r = WaferFixtures.run(p, graph, Fidelity.FAST);
                assertTrue(r.fits(), phase + " " + sparsity + ": " + r.doesNotFit().orElse(""));
                assertTrue(r.secondsPerStep() > 0 && Double.isFinite(r.tokensPerSecond()));
                assertTrue(r.mapping().contains("hypothetical-wafer"), r.mapping());
                if (!(phase instanceof Phase.Train)) {
                    SimResult res = WaferFixtures.run(p, graph, Fidelity.FAST, WaferFixtures.resident());
                    assertTrue(res.fits(), res.doesNotFit().orElse(""));
                }
            }
        }
    }

    @Test
    void fasterPartsNeverSlowItDown() {
        WaferProfile p = WaferFixtures.hypothetical();
        var graph = WaferFixtures.graph(WaferFixtures.tiny(), new Phase.Train(16, 512), "unstructured:0.7");
        double base = WaferFixtures.run(p, graph, Fidelity.FAST).secondsPerStep();
        double moreIo = WaferFixtures.run(WaferFixtures.withIo(p, 4 * p.io().bandwidth().bytesPerSecond()), graph,
                Fidelity.FAST).secondsPerStep();
        assertTrue(moreIo <= base * (1 + 1e-9), "4x I/O made the step slower: " + moreIo + " > " + base);
        WaferProfile narrow = new WaferProfile(p.id() + "-narrow", p.name(), p.sources(), p.mesh(),
                new WaferProfile.Pe(p.pe().sram(), Map.of(Precision.BF16, 4, Precision.FP32, 2), 4, 2), p.clock(),
                p.fabric(), p.io(), p.externalMemory(), p.totals(), p.powerWatts(), p.efficiency());
        double narrower = WaferFixtures.run(narrow, graph, Fidelity.FAST).secondsPerStep();
        assertTrue(narrower > base, "a quarter of the SIMD lanes must cost time: " + narrower + " <= " + base);
    }

    @Test
    void largeModelSpreadsOverSystemsWhenResident() {
        WaferProfile p = WaferFixtures.hypothetical();
        var graph = WaferFixtures.graph("llama2-7b", new Phase.Decode(1, 1024), null);
        SimResult r = WaferFixtures.run(p, graph, Fidelity.FAST, WaferFixtures.resident(TargetOptions.AUTO_SYSTEMS));
        assertTrue(r.fits(), r.doesNotFit().orElse(""));
        // 13.5 GB of bf16 weights over 1.6 GB wafers.
        int systems = Integer.parseInt(r.mapping().replaceAll(".*on (\\d+) system.*", "$1"));
        assertTrue(systems >= 9 && systems <= 12, r.mapping());
    }
}
