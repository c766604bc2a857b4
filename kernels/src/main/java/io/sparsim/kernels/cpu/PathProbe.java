package io.sparsim.kernels.cpu;

import io.sparsim.kernels.KernelPaths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The start-up micro-probe behind {@link KernelPaths}: times each kernel's candidate inner paths on this machine,
 * A/B interleaved in one JVM (alternating repeats, the 10th percentile of each), which holds up under other load
 * better than two separate runs, and keeps the faster. A candidate replaces the default path only when it is
 * clearly faster ({@link #MARGIN}), so on a machine where the two are close the default stays, unless only the other
 * has a calibration for this CPU ({@link Result#preferring}).
 */
public final class PathProbe {
    /** A non-default path must take at most this fraction of the default's time. */
    static final double MARGIN = 0.95;
    /** The probe's weight: 70% unstructured, as wide as a LLaMA layer's rows are long, over L2 on every host seen. */
    private static final int K = 4096;
    private static final int N = 4096;
    private static final double SPARSITY = 0.7;
    private static final int WARMUP = 5;
    private static final int REPEATS = 21;

    private PathProbe() {
    }

    /**
     * What the probe measured: the chosen paths and each M = 1 path's p10 seconds; {@code expandSeconds} is NaN on a
     * JVM without the Vector API's expand (then the bitmask kernel walks).
     */
    public record Result(KernelPaths paths, double gatherSeconds, double scalarSeconds, double walkSeconds,
            double expandSeconds) {
        /** One line for people. */
        public String describe() {
            return String.format(java.util.Locale.ROOT,
                    "%s (M=1 on %dx%d at 70%%, p10: csr gather %.3f ms, csr scalar loads %.3f ms; bitmask walk "
                    + "%.3f ms, %s)", paths.text(), K, N, gatherSeconds * 1e3, scalarSeconds * 1e3, walkSeconds * 1e3,
                    Double.isNaN(expandSeconds) ? "no expand on JDK " + Runtime.version().feature()
                            : String.format(java.util.Locale.ROOT, "expand %.3f ms", expandSeconds * 1e3));
        }

        /** Whether neither csr M = 1 path was clearly faster ({@link #MARGIN}): the probe's choice was its default. */
        public boolean csrTied() {
            return scalarSeconds > MARGIN * gatherSeconds && gatherSeconds > MARGIN * scalarSeconds;
        }

        /**
         * The paths to run: the probe's, unless the csr paths tied and only the other csr path is one
         * {@code calibrated} accepts. Within the margin the two loops run alike (on the Zen 5 VM 2-8% apart, the
         * probe choosing either from one fresh machine to the next), so the tie goes to the path a calibration of
         * this CPU was fitted on, and the host model is that calibration instead of the uncalibrated one.
         */
        public KernelPaths preferring(Predicate<KernelPaths> calibrated) {
            KernelPaths other = paths.withCsr(paths.csrGemv() == KernelPaths.CsrGemv.GATHER
                    ? KernelPaths.CsrGemv.SCALAR : KernelPaths.CsrGemv.GATHER);
            return csrTied() && !calibrated.test(paths) && calibrated.test(other) ? other : paths;
        }
    }

    /** Whether this JVM can run {@link KernelPaths.BitmaskGemv#EXPAND} (the probe only tries it where it can). */
    public static boolean expandAvailable() {
        return VectorExpand.available();
    }

    /** Runs the probe on {@code pool}'s threads (about a second). */
    public static Result run(KernelPool pool) {
        float[] w = WeightPatterns.unstructured(K, N, SPARSITY, 1);
        float[] a = WeightPatterns.activations(1, K, 2);
        KernelPaths d = KernelPaths.DEFAULT;
        boolean expand = expandAvailable();
        List<SparseWeight> paths = new ArrayList<>(List.of(
                new CsrKernel(w, K, N, d.withCsr(KernelPaths.CsrGemv.GATHER)),
                new CsrKernel(w, K, N, d.withCsr(KernelPaths.CsrGemv.SCALAR)),
                new BitmaskKernel(w, K, N, d.withBitmask(KernelPaths.BitmaskGemv.WALK))));
        if (expand) {
            paths.add(new BitmaskKernel(w, K, N, d.withBitmask(KernelPaths.BitmaskGemv.EXPAND)));
        }
        double[][] t = interleaved(paths.toArray(SparseWeight[]::new), a, 1, pool, WARMUP, REPEATS);
        double gather = p10(t[0]);
        double scalar = p10(t[1]);
        double walk = p10(t[2]);
        double expanded = expand ? p10(t[3]) : Double.NaN;
        KernelPaths.CsrGemv csr = scalar <= MARGIN * gather ? KernelPaths.CsrGemv.SCALAR : KernelPaths.CsrGemv.GATHER;
        KernelPaths.BitmaskGemv bitmask = expand && expanded <= MARGIN * walk ? KernelPaths.BitmaskGemv.EXPAND
                : KernelPaths.BitmaskGemv.WALK;
        return new Result(new KernelPaths(csr, bitmask), gather, scalar, walk, expanded);
    }

    /**
     * Seconds of each kernel's {@code multiply} of {@code a[m×k]}, the kernels taking turns repeat by repeat, after
     * {@code warmup} untimed turns: {@code [kernel][repeat]}.
     */
    public static double[][] interleaved(SparseWeight[] kernels, float[] a, int m, KernelPool pool, int warmup,
            int repeats) {
        float[] c = new float[m * kernels[0].n()];
        double[][] t = new double[kernels.length][repeats];
        for (int r = -warmup; r < repeats; r++) {
            for (int i = 0; i < kernels.length; i++) {
                long t0 = System.nanoTime();
                kernels[i].multiply(a, m, c, pool);
                long dt = System.nanoTime() - t0;
                if (r >= 0) {
                    t[i][r] = dt / 1e9;
                }
            }
        }
        return t;
    }

    /** The 10th percentile (nearest rank) of {@code seconds}. */
    public static double p10(double[] seconds) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        return s[(int) Math.floor(0.1 * (s.length - 1))];
    }
}
