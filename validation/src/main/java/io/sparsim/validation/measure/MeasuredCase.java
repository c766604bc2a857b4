package io.sparsim.validation.measure;

import io.sparsim.core.BadInputException;
import io.sparsim.workloads.sparsity.SparsitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One timed kernel case: C[m×n] = A[m×k] · W[k×n] with W stored in {@code format}.
 *
 * @param id             unique within its file, e.g. {@code gemm-m64-k4096-n11008-csr-u0.7}
 * @param op             the operation; only {@code gemm} for now
 * @param dtype          the data type, e.g. {@code fp32}
 * @param sparsity       the weight sparsity spec, e.g. {@code unstructured:0.7}, {@code 2:4}, {@code dense}
 * @param threads        worker threads the kernel used
 * @param samplesSeconds every timed run, in order
 * @param precision      optional math precision when it differs from dtype (GPU: tf32); null if absent
 * @param backend        optional backend name (cpu, cuda); null if absent
 * @param library        optional library (cuBLAS, cuSPARSELt); null if absent
 */
public record MeasuredCase(
        String id,
        String op,
        int m,
        int n,
        int k,
        String dtype,
        String sparsity,
        Format format,
        int threads,
        List<Double> samplesSeconds,
        double medianSeconds,
        double p10Seconds,
        double p90Seconds,
        String precision,
        String backend,
        String library) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]*");
    /** Relative slack when checking that the stated median/p10/p90 lie within the samples. */
    private static final double ORDER_SLACK = 1e-9;

    public MeasuredCase {
        if (id == null || !ID.matcher(id).matches()) {
            throw new BadInputException("id", "an identifier of letters, digits and ._:+-", id);
        }
        if (!"gemm".equals(op)) {
            throw new BadInputException("op", "'gemm'", op);
        }
        positive("m", m);
        positive("n", n);
        positive("k", k);
        if (dtype == null || dtype.isBlank()) {
            throw new BadInputException("dtype", "a data type such as 'fp32'", dtype);
        }
        SparsitySpec.parseWeight(sparsity);
        if (format == null) {
            throw new BadInputException("format", "one of " + Format.ids(), null);
        }
        positive("threads", threads);
        if (samplesSeconds == null || samplesSeconds.isEmpty()) {
            throw new BadInputException("samplesSeconds", "a non-empty list of positive numbers of seconds", "[]");
        }
        samplesSeconds = List.copyOf(samplesSeconds);
        for (int i = 0; i < samplesSeconds.size(); i++) {
            seconds("samplesSeconds[" + i + "]", samplesSeconds.get(i));
        }
        seconds("medianSeconds", medianSeconds);
        seconds("p10Seconds", p10Seconds);
        seconds("p90Seconds", p90Seconds);
        double min = samplesSeconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = samplesSeconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double slack = ORDER_SLACK * max;
        if (p10Seconds > medianSeconds + slack) {
            throw new BadInputException("p10Seconds", "at most medianSeconds (" + medianSeconds + ")", p10Seconds);
        }
        if (p90Seconds < medianSeconds - slack) {
            throw new BadInputException("p90Seconds", "at least medianSeconds (" + medianSeconds + ")", p90Seconds);
        }
        if (medianSeconds < min - slack || medianSeconds > max + slack) {
            throw new BadInputException("medianSeconds",
                    "a value within the samples' range [" + min + ", " + max + "]", medianSeconds);
        }
        optional("precision", precision);
        optional("backend", backend);
        optional("library", library);
    }

    /** A case whose median, p10 and p90 are computed from {@code samplesSeconds}. */
    public static MeasuredCase of(String id, int m, int n, int k, String dtype, String sparsity, Format format,
            int threads, List<Double> samplesSeconds, String backend) {
        if (samplesSeconds == null || samplesSeconds.isEmpty()) {
            throw new BadInputException("samplesSeconds", "a non-empty list of positive numbers of seconds", "[]");
        }
        return new MeasuredCase(id, "gemm", m, n, k, dtype, sparsity, format, threads, samplesSeconds,
                SampleStats.median(samplesSeconds), SampleStats.quantile(samplesSeconds, 0.1),
                SampleStats.quantile(samplesSeconds, 0.9), null, backend, null);
    }

    /**
     * One case per id, in order of first appearance: a case measured more than once (repeat runs, or the
     * rounds of a suite) keeps all its samples, with median, p10 and p90 over the union.
     */
    public static List<MeasuredCase> pool(List<MeasuredCase> cases) {
        Map<String, MeasuredCase> byId = new LinkedHashMap<>();
        for (MeasuredCase c : cases) {
            byId.merge(c.id(), c, (a, b) -> {
                List<Double> samples = new ArrayList<>(a.samplesSeconds());
                samples.addAll(b.samplesSeconds());
                return new MeasuredCase(a.id(), a.op(), a.m(), a.n(), a.k(), a.dtype(), a.sparsity(), a.format(),
                        a.threads(), samples, SampleStats.median(samples), SampleStats.quantile(samples, 0.1),
                        SampleStats.quantile(samples, 0.9), a.precision(), a.backend(), a.library());
            });
        }
        return new ArrayList<>(byId.values());
    }

    /** Floating-point operations of the dense product (2·m·n·k), the usual basis for GFLOP/s. */
    public double denseFlops() {
        return 2.0 * m * n * k;
    }

    private static void positive(String field, int v) {
        if (v <= 0) {
            throw new BadInputException(field, "a positive integer", v);
        }
    }

    private static void seconds(String field, Double v) {
        if (v == null || !(v > 0) || v.isInfinite()) {
            throw new BadInputException(field, "a positive number of seconds", v);
        }
    }

    private static void optional(String field, String v) {
        if (v != null && v.isBlank()) {
            throw new BadInputException(field, "a non-empty string or no field", v);
        }
    }
}
