package io.sparsim.simulator.wafer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.WaferProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.GroupEstimate;
import io.sparsim.simulator.OpEstimate;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.SimResult;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Over random LLaMA-shaped models, phases, batches, modes and system counts on wafer targets (seeded, so a failure
 * reproduces): a sparse model is never slower than its dense twin on the same systems, its speedup never falls as
 * density falls, and no simulated step (nor op) beats its roofline. Would catch a sparse model laid out on other
 * systems or regions than its twin, a runtime that keeps a slower sparse format, or a roofline above the
 * simulation (e.g. an I/O floor charged per op).
 */
class WaferSparseSpeedupPropertyTest {
    private static final double[] DENSITIES = {0.9, 0.6, 0.3, 0.1, 0.03};
    private static final List<DoubleFunction<WeightSparsity>> PATTERNS = List.of(
            d -> new WeightSparsity.Unstructured(1 - d), d -> new WeightSparsity.Block(4, 4, 1 - d));
    private static final int TRIALS = 12;

    @Test
    void sparseSpeedupsAreAtLeastOneMonotoneAndAboveTheRoofline() {
        Random rnd = new Random(20261206L);
        List<WaferProfile> wafers = List.of(WaferFixtures.wse3(), WaferFixtures.wse2(), WaferFixtures.hypothetical());
        int checked = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            WaferProfile hw = wafers.get(rnd.nextInt(wafers.size()));
            ModelConfig model = randomModel(rnd, trial);
            boolean resident = trial % 2 == 0;
            int batch = 1 << rnd.nextInt(resident ? 6 : 3);
            Phase phase = switch (rnd.nextInt(resident ? 2 : 3)) {
                case 0 -> new Phase.Decode(batch, 16 + rnd.nextInt(2048));
                case 1 -> new Phase.Prefill(batch, 16 + rnd.nextInt(256));
                default -> new Phase.Train(batch, 16 + rnd.nextInt(128));
            };
            int systems = resident
                    ? List.of(1, 2, 3, 4, TargetOptions.AUTO_SYSTEMS).get(rnd.nextInt(5)) : 1 + rnd.nextInt(4);
            TargetOptions options = new TargetOptions(resident ? TargetOptions.RESIDENT : TargetOptions.WEIGHT_STREAMING,
                    systems, rnd.nextLong());
            WaferTarget target = new WaferTarget(hw, options);
            String where = hw.id() + " " + model + " " + phase + " " + options;
            for (DoubleFunction<WeightSparsity> pattern : PATTERNS) {
                double previous = 0;
                for (double d : DENSITIES) {
                    Workload w = Workload.of(model, phase, Precision.BF16, SparsitySpec.uniform(pattern.apply(d)));
                    Prediction p = Prediction.of(w, target, Fidelity.FAST);
                    if (!p.dense().fits()) {
                        break; // no twin on these systems, no speedup to check (the resident tests cover the value)
                    }
                    String at = where + " " + pattern.apply(d);
                    assertTrue(p.result().fits(), at + ": the dense twin fits, the sparse model must");
                    aboveRoofline(p.result(), at);
                    aboveRoofline(p.dense(), at + " (dense twin)");
                    double speedup = p.speedupVsDense();
                    assertTrue(speedup >= 1 - 1e-9, at + ": speedup " + speedup);
                    assertTrue(speedup >= previous * (1 - 1e-9), at + ": speedup " + speedup + " below " + previous
                            + " at a higher density");
                    previous = speedup;
                    checked++;
                }
            }
        }
        assertTrue(checked >= TRIALS * PATTERNS.size() * DENSITIES.length / 2, "most cases fit: " + checked);
    }

    private static void aboveRoofline(SimResult r, String where) {
        assertTrue(r.secondsPerStep() >= r.rooflineSecondsPerStep() * (1 - 1e-12), where + ": step "
                + r.secondsPerStep() + " below its roofline " + r.rooflineSecondsPerStep());
        for (GroupEstimate g : r.groups()) {
            for (OpEstimate e : g.ops()) {
                assertTrue(e.seconds() >= e.rooflineSeconds() * (1 - 1e-12), where + ": " + g.name() + "/"
                        + e.op().name() + " " + e.seconds() + " below " + e.rooflineSeconds());
            }
        }
    }

    private static ModelConfig randomModel(Random rnd, int trial) {
        int heads = 4 << rnd.nextInt(3);
        int headDim = 64 << rnd.nextInt(2);
        int hidden = heads * headDim;
        int kvHeads = List.of(1, heads / 2, heads).get(rnd.nextInt(3));
        int intermediate = 64 * (hidden / 64 + rnd.nextInt(3 * hidden / 64 + 1));
        return new ModelConfig("random-" + trial, null, 1 + rnd.nextInt(4), hidden, intermediate, heads, kvHeads,
                1000 + rnd.nextInt(31000));
    }
}
