package io.sparsim.simulator.parallel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.simulator.TargetOptions;
import io.sparsim.workloads.Parallelism;
import io.sparsim.workloads.Parallelism.ZeroStage;
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
 * Over random models, phases, batches and parallelism on GPU and CPU targets: a sparse model is never slower than
 * its dense twin on the same devices, and its speedup never falls as density falls (the runtime keeps a layer dense
 * where its sparse kernels would be slower, and every collective is the same for both or smaller for the sparse
 * one). Would catch a sharded sparse op that loses its density, or a collective charged only to one twin.
 */
class SparseSpeedupPropertyTest {
    private static final List<String> GPUS = List.of("nvidia-h100-sxm5-80gb", "nvidia-a100-sxm4-80gb",
            "nvidia-h200-sxm-141gb", "nvidia-dgx-h100");
    private static final List<String> CPUS = List.of("amd-epyc-9654", "intel-xeon-8480plus", "amd-epyc-9654-2s");
    private static final double[] DENSITIES = {0.9, 0.7, 0.5, 0.3, 0.1};
    private static final List<DoubleFunction<WeightSparsity>> PATTERNS = List.of(
            d -> new WeightSparsity.Unstructured(1 - d), d -> new WeightSparsity.Block(16, 16, 1 - d));

    @Test
    void sparseSpeedupsAreAtLeastOneAndMonotoneInDensity() {
        Random rnd = new Random(20261206L);
        for (int trial = 0; trial < 40; trial++) {
            boolean gpu = trial % 2 == 0;
            String hwId = (gpu ? GPUS : CPUS).get(rnd.nextInt(gpu ? GPUS.size() : CPUS.size()));
            HardwareProfile hw = ScaleOutAcceptanceTest.PROFILES.get(hwId);
            ModelConfig model = randomModel(rnd, trial);
            int batch = 1 << rnd.nextInt(4);
            Phase phase = switch (rnd.nextInt(3)) {
                case 0 -> new Phase.Decode(batch, 16 + rnd.nextInt(512));
                case 1 -> new Phase.Prefill(batch, 16 + rnd.nextInt(256));
                default -> new Phase.Train(batch, 16 + rnd.nextInt(128));
            };
            Parallelism p = randomParallelism(rnd, hwId, model, batch, phase instanceof Phase.Train);
            Target target = Simulator.target(hw, TargetOptions.DEFAULT, p);
            String where = hwId + " " + model + " " + phase + " " + p;
            for (DoubleFunction<WeightSparsity> pattern : PATTERNS) {
                double previous = 0;
                for (double d : DENSITIES) {
                    Workload w = Workload.of(model, phase, Precision.BF16, SparsitySpec.uniform(pattern.apply(d)));
                    double speedup = Prediction.of(w, target, Fidelity.FAST).speedupVsDense();
                    assertTrue(speedup >= 1 - 1e-9, where + " " + pattern.apply(d) + ": speedup " + speedup);
                    assertTrue(speedup >= previous - 1e-9, where + " " + pattern.apply(d) + ": speedup " + speedup
                            + " below " + previous + " at a higher density");
                    previous = speedup;
                }
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

    private static Parallelism randomParallelism(Random rnd, String hwId, ModelConfig m, int batch, boolean train) {
        if (hwId.equals("amd-epyc-9654-2s")) {
            return new Parallelism(rnd.nextBoolean() ? 2 : 1, 1, 1, ZeroStage.NONE, 0);
        }
        if (!hwId.startsWith("nvidia")) {
            return Parallelism.NONE;
        }
        int tp = 1 << rnd.nextInt(3);
        while (m.heads() % tp != 0) {
            tp /= 2;
        }
        int pp = Math.min(m.layers(), 1 + rnd.nextInt(2));
        int dp = batch % 2 == 0 && rnd.nextBoolean() ? 2 : 1;
        ZeroStage zero = train ? ZeroStage.of(rnd.nextInt(4)) : ZeroStage.NONE;
        int replica = batch / dp;
        int micro = pp > 1 && replica > 1 && rnd.nextBoolean() ? replica / 2 : 0;
        return new Parallelism(tp, pp, dp, zero, micro);
    }
}
