package io.sparsim.benchmarks;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.HardwareProfile;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.sweep.Sweep;
import io.sparsim.reports.sweep.SweepReport;
import io.sparsim.simulator.Fidelity;
import io.sparsim.simulator.Prediction;
import io.sparsim.simulator.Simulator;
import io.sparsim.simulator.Target;
import io.sparsim.workloads.Phase;
import io.sparsim.workloads.Workload;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.model.ModelConfig;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** How long the simulator takes: one predict (sparse + its dense twin) and the default sweep, fast fidelity. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SimulatorBenchmark {
    @Param({"cerebras-wse3", "nvidia-h100-sxm5-80gb", "amd-epyc-9654"})
    public String hw;

    private Target target;
    private Workload decode;
    private Sweep sweep;

    @Setup
    public void setUp() {
        ProfileRegistry registry = ProfileRegistry.bundled();
        HardwareProfile profile = registry.get(hw);
        target = Simulator.target(profile);
        ModelConfig model = ModelCatalog.bundled().get("llama2-7b");
        decode = Workload.of(model, new Phase.Decode(1, 1024), Precision.BF16, SparsitySpec.parse("unstructured:0.7"));
        sweep = new Sweep(List.of(profile), model, List.of("prefill", "decode", "train"), List.of(8),
                java.util.Map.of("prefill", List.of(2048), "decode", List.of(1024), "train", List.of(2048)),
                List.of(Precision.BF16), List.of("unstructured"), Sweep.range("0:0.9:0.1", "range"),
                List.of(io.sparsim.simulator.TargetOptions.WEIGHT_STREAMING), Fidelity.FAST, 1);
    }

    @Benchmark
    public Prediction predictDecode() {
        return Prediction.of(decode, target, Fidelity.FAST);
    }

    @Benchmark
    public SweepReport sweepThreePhases() {
        return sweep.run(io.sparsim.reports.Progress.NONE);
    }
}
