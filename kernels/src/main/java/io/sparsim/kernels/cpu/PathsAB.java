package io.sparsim.kernels.cpu;

import io.sparsim.kernels.KernelId;
import io.sparsim.kernels.KernelPaths;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel-path probe and, on issue 20's point-4 weight (4096×11008, 70% unstructured; 2:4 for 2:4), every kernel's
 * time against dense at M = 1 and 64: both csr M = 1 paths, both bitmask ones (expand where the JVM has it) and
 * 2:4, all interleaved repeat by repeat in one
 * JVM ({@link PathProbe#interleaved}), the 10th percentile of each. Robust to other load on the machine, unlike two
 * separate runs; caches are warm between repeats (the weight is reused), as in JMH. Prints nothing.
 */
public final class PathsAB {
    private static final int K = 4096;
    private static final int N = 11008;
    private static final double SPARSITY = 0.7;
    private static final int WARMUP = 3;

    private PathsAB() {
    }

    /** One token count's p10 times: dense, then each other kernel with its name. */
    public record Row(int m, double denseSeconds, List<String> names, List<Double> seconds) {
        public Row {
            names = List.copyOf(names);
            seconds = List.copyOf(seconds);
        }
    }

    /** The probe's result and the A/B rows at M = 1 and 64. */
    public record Result(PathProbe.Result probe, List<Row> rows) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /** Runs the probe and the A/B on {@code pool}: {@code repeats} turns at M = 1, a third as many at M = 64. */
    public static Result run(KernelPool pool, int repeats) {
        PathProbe.Result probe = PathProbe.run(pool);
        float[] w = WeightPatterns.unstructured(K, N, SPARSITY, 1);
        float[] dense = WeightPatterns.unstructured(K, N, 0.0, 1);
        float[] twoFour = WeightPatterns.twoFour(K, N, 1);
        KernelPaths d = KernelPaths.DEFAULT;
        List<String> names = new ArrayList<>(List.of("csr gather", "csr scalar", "bitmask walk"));
        List<SparseWeight> list = new ArrayList<>(List.of(SparseWeight.encode(dense, K, N, KernelId.DENSE),
                SparseWeight.encode(w, K, N, KernelId.CSR, d.withCsr(KernelPaths.CsrGemv.GATHER)),
                SparseWeight.encode(w, K, N, KernelId.CSR, d.withCsr(KernelPaths.CsrGemv.SCALAR)),
                SparseWeight.encode(w, K, N, KernelId.BITMASK, d)));
        if (PathProbe.expandAvailable()) {
            names.add("bitmask expand");
            list.add(SparseWeight.encode(w, K, N, KernelId.BITMASK, d.withBitmask(KernelPaths.BitmaskGemv.EXPAND)));
        }
        names.add("2:4");
        list.add(SparseWeight.encode(twoFour, K, N, KernelId.TWO_FOUR));
        SparseWeight[] kernels = list.toArray(SparseWeight[]::new);
        List<Row> rows = new ArrayList<>();
        for (int m : new int[] {1, 64}) {
            float[] a = WeightPatterns.activations(m, K, 2);
            double[][] t = PathProbe.interleaved(kernels, a, m, pool, WARMUP,
                    m == 1 ? repeats : Math.max(5, repeats / 3));
            List<Double> seconds = new ArrayList<>();
            for (int i = 1; i < kernels.length; i++) {
                seconds.add(PathProbe.p10(t[i]));
            }
            rows.add(new Row(m, PathProbe.p10(t[0]), names, seconds));
        }
        return new Result(probe, rows);
    }
}
