package io.sparsim.benchmarks;

import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.cpu.SparseWeight;
import io.sparsim.kernels.cpu.WeightPatterns;
import io.sparsim.validation.measure.Format;
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

/**
 * Sparsim's CPU kernels on LLaMA-2 7B's gate/up shape (K 4096 x N 11008), all cores, fp32. Caches stay warm
 * between invocations (JMH reuses the weight), unlike {@code sparsim measure}, which reads a buffer larger
 * than the last-level cache before every sample. {@code bench/dense-vs-numpy.sh} turns the dense score into
 * GFLOP/s beside NumPy's SGEMM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class KernelBenchmark {
    @Param({"dense", "csr", "bitmask", "2:4", "block16"})
    public String format;

    @Param({"1", "64", "256"})
    public int m;

    /** Fraction of zero weights for csr, bitmask and block16 (2:4 is always half, dense has none). */
    @Param({"0.7"})
    public double sparsity;

    @Param({"4096"})
    public int k;

    @Param({"11008"})
    public int n;

    private SparseWeight kernel;
    private float[] a;
    private float[] c;

    @Setup
    public void setUp() {
        Format f = Format.parse(format, "format");
        float[] w = switch (f) {
            case DENSE -> WeightPatterns.unstructured(k, n, 0, 1);
            case TWO_FOUR -> WeightPatterns.twoFour(k, n, 1);
            case BLOCK16 -> WeightPatterns.block(k, n, KernelGeometry.BLOCK_SIDE, sparsity, 1);
            default -> WeightPatterns.unstructured(k, n, sparsity, 1);
        };
        kernel = SparseWeight.encode(w, k, n, f.kernel());
        a = WeightPatterns.activations(m, k, 2);
        c = new float[m * n];
    }

    @Benchmark
    public float[] multiply() {
        kernel.multiply(a, m, c);
        return c;
    }
}
