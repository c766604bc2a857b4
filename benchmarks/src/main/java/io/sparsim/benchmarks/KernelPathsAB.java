package io.sparsim.benchmarks;

import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import io.sparsim.kernels.cpu.KernelPool;
import io.sparsim.kernels.cpu.PathProbe;
import io.sparsim.kernels.cpu.SparseWeight;
import io.sparsim.kernels.cpu.WeightPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 20's point-4 speedups and the kernels' inner paths A/B, on 4096x11008 at 70% unstructured (2:4 for 2:4),
 * all kernels interleaved repeat by repeat in one JVM, the 10th percentile of each: robust to other load on the
 * machine, unlike two separate runs. Caches are warm between repeats (the weight is reused), as in JMH.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     io.sparsim.benchmarks.KernelPathsAB [repeats]</pre>
 */
public final class KernelPathsAB {
    private KernelPathsAB() {
    }

    /** One token count's p10 times: dense first, then each other kernel with its name. */
    public record Row(int m, double denseSeconds, List<String> names, List<Double> seconds) {
        public Row {
            names = List.copyOf(names);
            seconds = List.copyOf(seconds);
        }

        String line() {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "M=%d p10 dense %.2f ms;", m,
                    denseSeconds * 1e3));
            for (int i = 0; i < names.size(); i++) {
                double p = seconds.get(i);
                line.append(String.format(Locale.ROOT, " %s %.2f ms (%.2fx)", names.get(i), p * 1e3,
                        denseSeconds / p));
            }
            return line.toString();
        }
    }

    /** The probe's choice and the A/B rows at M = 1 and 64; prints nothing. */
    public record Result(String probe, List<Row> rows) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    public static Result run(int repeats) {
        int k = 4096;
        int n = 11008;
        KernelPool pool = KernelPool.common();
        PathProbe.Result probe = PathProbe.run(pool);
        float[] w = WeightPatterns.unstructured(k, n, 0.7, 1);
        float[] dense = WeightPatterns.unstructured(k, n, 0.0, 1);
        float[] twoFour = WeightPatterns.twoFour(k, n, 1);
        KernelPaths gather = new KernelPaths(KernelPaths.CsrGemv.GATHER);
        KernelPaths scalar = new KernelPaths(KernelPaths.CsrGemv.SCALAR);
        List<String> names = List.of("csr gather", "csr scalar", "bitmask", "2:4");
        SparseWeight[] kernels = {SparseWeight.encode(dense, k, n, KernelId.DENSE),
                SparseWeight.encode(w, k, n, KernelId.CSR, gather), SparseWeight.encode(w, k, n, KernelId.CSR, scalar),
                SparseWeight.encode(w, k, n, KernelId.BITMASK), SparseWeight.encode(twoFour, k, n, KernelId.TWO_FOUR)};
        List<Row> rows = new ArrayList<>();
        for (int m : new int[] {1, 64}) {
            float[] a = WeightPatterns.activations(m, k, 2);
            double[][] t = PathProbe.interleaved(kernels, a, m, pool, 3, m == 1 ? repeats : Math.max(5, repeats / 3));
            List<Double> seconds = new ArrayList<>();
            for (int i = 1; i < kernels.length; i++) {
                seconds.add(PathProbe.p10(t[i]));
            }
            rows.add(new Row(m, PathProbe.p10(t[0]), names, seconds));
        }
        return new Result(probe.describe(), rows);
    }

    /** The harness's entry point: the only place that prints. */
    public static void main(String[] args) {
        Result r = run(args.length > 0 ? Integer.parseInt(args[0]) : 15);
        System.out.println("probe: " + r.probe());
        r.rows().forEach(row -> System.out.println(row.line()));
    }
}
