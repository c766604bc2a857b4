package io.sparsim.benchmarks;

import io.sparsim.core.Precision;
import io.sparsim.hwprofiles.ProfileRegistry;
import io.sparsim.reports.Progress;
import io.sparsim.reports.plan.Machine;
import io.sparsim.reports.plan.ServePlan;
import io.sparsim.reports.plan.ServePlanner;
import io.sparsim.workloads.model.ModelCatalog;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast the serving planner searches: one plan of llama2-70b (2048 in, 256 out, 50 ms TPOT, 2 s TTFT,
 * 50k tokens/s) over three machines x four sparsities. Besides plans per second, JMH prints
 * {@code configurations}: simulated configurations (one decode or prefill step each) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PlanBenchmark {
    private ServePlanner planner;

    /** Counts simulated configurations; JMH reports the count as a rate per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Evaluated {
        public long configurations;

        @Setup(Level.Iteration)
        public void reset() {
            configurations = 0;
        }
    }

    @Setup
    public void setUp() {
        ProfileRegistry reg = ProfileRegistry.bundled();
        List<Machine> machines = List.of("nvidia-h100-sxm5-80gb", "nvidia-h200-sxm-141gb", "cerebras-wse3").stream()
                .map(id -> Machine.of(reg.get(id), Optional.empty())).toList();
        planner = new ServePlanner(ModelCatalog.bundled().get("llama2-70b"), machines,
                List.of(SparsitySpec.DENSE, SparsitySpec.parse("2:4"), SparsitySpec.parse("unstructured:0.5"),
                        SparsitySpec.parse("unstructured:0.7")), Precision.BF16, 2048, 256, Optional.of(50_000.0),
                Optional.of(0.050), Optional.of(2.0), 1);
    }

    @Benchmark
    public ServePlan serveThreeMachinesFourSparsities(Evaluated counter) {
        ServePlan plan = planner.plan(Progress.NONE, null);
        counter.configurations += plan.evaluated();
        return plan;
    }
}
