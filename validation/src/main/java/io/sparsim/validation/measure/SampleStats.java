package io.sparsim.validation.measure;

import java.util.Arrays;
import java.util.List;

/** Order statistics of timing samples (linear interpolation between closest ranks, as NumPy's default). */
public final class SampleStats {
    private SampleStats() {
    }

    /** The {@code q}-quantile (0..1) of {@code samples}; the input need not be sorted. */
    public static double quantile(List<Double> samples, double q) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0,1], got " + q);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    public static double median(List<Double> samples) {
        return quantile(samples, 0.5);
    }
}
