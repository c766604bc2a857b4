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

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int k = 4096;
        int n = 11008;
        KernelPool pool = KernelPool.common();
        PathProbe.Result probe = PathProbe.run(pool);
        System.out.println("probe: " + probe.describe());
        float[] w = WeightPatterns.unstructured(k, n, 0.7, 1);
        float[] dense = WeightPatterns.unstructured(k, n, 0.0, 1);
        float[] twoFour = WeightPatterns.twoFour(k, n, 1);
        KernelPaths gather = new KernelPaths(KernelPaths.CsrGemv.GATHER);
        KernelPaths scalar = new KernelPaths(KernelPaths.CsrGemv.SCALAR);
        List<String> names = new ArrayList<>(List.of("dense", "csr gather", "csr scalar", "bitmask", "2:4"));
        SparseWeight[] kernels = {SparseWeight.encode(dense, k, n, KernelId.DENSE),
                PathProbe.encode(w, k, n, KernelId.CSR, gather), PathProbe.encode(w, k, n, KernelId.CSR, scalar),
                SparseWeight.encode(w, k, n, KernelId.BITMASK), SparseWeight.encode(twoFour, k, n, KernelId.TWO_FOUR)};
        for (int m : new int[] {1, 64}) {
            float[] a = WeightPatterns.activations(m, k, 2);
            double[][] t = PathProbe.interleaved(kernels, a, m, pool, 3, m == 1 ? repeats : Math.max(5, repeats / 3));
            double d = PathProbe.p10(t[0]);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "M=%d p10 dense %.2f ms;", m, d * 1e3));
            for (int i = 1; i < kernels.length; i++) {
                double p = PathProbe.p10(t[i]);
                line.append(String.format(Locale.ROOT, " %s %.2f ms (%.2fx)", names.get(i), p * 1e3, d / p));
            }
            System.out.println(line);
        }
    }
}
