package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.model.ModelConfig;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Resident decode against WaferLLM's measurements on a WSE-2 (arXiv 2502.04563 v2 abstract; MeshInfra/WaferLLM
 * README; ../shared/EVIDENCE.md e23): 2,700 tokens/s per request for Llama-3-8B and 840 for Qwen2-72B, 16-bit,
 * one request. Nothing is fitted to them: the decode overheads (region barriers, sampling, hops between systems)
 * follow from the profile's hop latency and the mesh reduce model's per-level latency. Tolerance: the 25% the
 * project commits to for end-to-end tokens/s.
 */
class WaferLlmEvidenceTest {
    /** Qwen2-72B's shape (Hugging Face config.json; its q/k/v biases, 0.01% of the parameters, left out). */
    static final ModelConfig QWEN2_72B = new ModelConfig("qwen2-72b", "Qwen2 72B", 80, 8192, 29568, 64, 8, 152064);

    private static SimResult decode(ModelConfig model) {
        var graph = WaferFixtures.graph(model, new Phase.Decode(1, 1024), null);
        return WaferFixtures.run(WaferFixtures.wse2(), graph, Fidelity.FAST,
                WaferFixtures.resident(TargetOptions.AUTO_SYSTEMS));
    }

    private static void within(double predicted, double published, String what) {
        double error = predicted / published - 1;
        assertTrue(Math.abs(error) <= 0.25, String.format(Locale.ROOT, "%s: predicted %.0f tok/s, WaferLLM %.0f "
                + "(%+.1f%%)", what, predicted, published, 100 * error));
    }

    private static boolean anyDetail(SimResult r, String text) {
        for (GroupEstimate g : r.groups()) {
            for (OpEstimate e : g.ops()) {
                if (e.chosen().detail().contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void llama3For8bOnOneWse2() {
        SimResult r = decode(io.sparsim.workloads.model.ModelCatalog.bundled().get("llama3-8b"));
        assertTrue(r.mapping().contains("on 1 system(s)"), r.mapping());
        within(r.tokensPerSecond(), 2700, "Llama-3-8B decode, WSE-2");
        assertTrue(anyDetail(r, "region barrier") && anyDetail(r, "sampling: argmax"), "overheads are itemised");
    }

    @Test
    void qwen2For72bAcrossWse2Systems() {
        // 145 GB of 16-bit weights span several 36.6 GB meshes: the hand-offs between systems are on the path.
        SimResult r = decode(QWEN2_72B);
        assertTrue(r.fits(), r.doesNotFit().orElse(""));
        assertTrue(r.mapping().contains("1 pipeline(s) of 5 system(s)"), r.mapping());
        within(r.tokensPerSecond(), 840, "Qwen2-72B decode, WSE-2");
    }

    @Test
    void withoutItsOverheadsTheModelWouldMissBadly() {
        // The barriers are what closes the gap: a step without them would be more than 25% too fast.
        SimResult r = decode(io.sparsim.workloads.model.ModelCatalog.bundled().get("llama3-8b"));
        Resident resident = new Resident(new WaferMachine(WaferFixtures.wse2()), new MaskSampler(1));
        String[] wh = r.mapping().replaceAll(".*layer region (\\d+)x(\\d+) PEs.*", "$1 $2").split(" ");
        // Per layer: seven GEMMs, attention and two norms end in a collective and a barrier.
        double barriers = 32 * 10 * resident.barrierSeconds(new OnWafer.Region(Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1])));
        double without = r.tokensPerStep() / (r.secondsPerStep() - barriers);
        assertTrue(barriers > 0 && without > 1.25 * 2700, "without barriers: " + without + " tok/s");
    }
}
