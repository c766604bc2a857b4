package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.SimResult;
import io.sparsim.workloads.Phase;
import org.junit.jupiter.api.Test;

/** Weights-resident, layer-pipelined inference: systems needed, capacity failures as values, pipelining. */
class ResidentTest {

    @Test
    void layerThatDoesNotFitIsAValue() {
        var graph = WaferFixtures.graph("llama3-70b", new Phase.Decode(512, 32768), null);
        SimResult r = WaferFixtures.run(WaferFixtures.wse3(), graph, Fidelity.FAST, WaferFixtures.resident());
        assertTrue(r.doesNotFit().isPresent());
        assertTrue(r.doesNotFit().get().matches("layer 0 needs [0-9.]+ GB \\(weights .*KV cache .*\\), wafer has "
                + "43.4 GB"), r.doesNotFit().get());
        assertTrue(r.groups().isEmpty());
    }

    @Test
    void trainingIsNotResident() {
        var graph = WaferFixtures.graph("llama-test-1l", new Phase.Train(1, 128), null);
        SimResult r = WaferFixtures.run(WaferFixtures.wse3(), graph, Fidelity.FAST, WaferFixtures.resident());
        assertTrue(r.doesNotFit().orElse("").contains("weight-streaming"), r.doesNotFit().orElse(""));
    }

    @Test
    void weightStreamingThatDoesNotFitIsAValue() {
        // One 64k-token sequence of a 7B model keeps far more activations than the hypothetical wafer's 1.6 GB.
        var graph = WaferFixtures.graph("llama2-7b", new Phase.Train(1, 65536), null);
        SimResult r = WaferFixtures.run(WaferFixtures.hypothetical(), graph, Fidelity.FAST);
        assertTrue(r.doesNotFit().orElse("").startsWith("one sequence needs"), r.doesNotFit().orElse(""));
    }

    @Test
    void modelsSplitOverTheSystemsTheyNeed() {
        var small = WaferFixtures.graph("llama3-8b", new Phase.Decode(1, 1024), null);
        SimResult one = WaferFixtures.run(WaferFixtures.wse2(), small, Fidelity.FAST, WaferFixtures.resident());
        assertTrue(one.fits() && one.mapping().contains("on 1 system(s)"), one.mapping());
        var big = WaferFixtures.graph("llama2-70b", new Phase.Decode(1, 4096), null);
        SimResult four = WaferFixtures.run(WaferFixtures.wse3(), big, Fidelity.FAST, WaferFixtures.resident());
        // 138 GB of bf16 weights over 43.4 GB wafers.
        assertTrue(four.fits() && four.mapping().contains("on 4 system(s)"), four.mapping());
        for (GroupEstimate g : four.groups()) {
            for (OpEstimate e : g.ops()) {
                assertTrue(e.seconds() > 0 && Double.isFinite(e.seconds()));
            }
        }
    }

    @Test
    void detailedPipelineMatchesTheClosedForm() {
        var graph = WaferFixtures.graph("llama3-8b", new Phase.Decode(16, 1024), null);
        SimResult fast = WaferFixtures.run(WaferFixtures.wse2(), graph, Fidelity.FAST, WaferFixtures.resident());
        SimResult detailed = WaferFixtures.run(WaferFixtures.wse2(), graph, Fidelity.DETAILED,
                WaferFixtures.resident());
        assertEquals(fast.secondsPerStep(), detailed.secondsPerStep(), 1e-9 * fast.secondsPerStep());
    }

    @Test
    void pipeliningABatchBeatsOneSequenceAtATime() {
        var one = WaferFixtures.graph("llama3-8b", new Phase.Decode(1, 1024), null);
        var many = WaferFixtures.graph("llama3-8b", new Phase.Decode(16, 1024), null);
        SimResult a = WaferFixtures.run(WaferFixtures.wse2(), one, Fidelity.FAST, WaferFixtures.resident());
        SimResult b = WaferFixtures.run(WaferFixtures.wse2(), many, Fidelity.FAST, WaferFixtures.resident());
        assertTrue(b.tokensPerSecond() > 4 * a.tokensPerSecond(), a.tokensPerSecond() + " vs " + b.tokensPerSecond());
        assertTrue(b.secondsPerStep() >= a.secondsPerStep(), "a batch cannot finish before one sequence");
    }
}
