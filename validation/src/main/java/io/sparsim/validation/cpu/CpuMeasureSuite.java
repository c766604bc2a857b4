package io.sparsim.validation.cpu;

import io.sparsim.core.BadInputException;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.SampleStats;
import io.sparsim.validation.measure.SparsitySpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import jdk.incubator.vector.FloatVector;

/**
 * Times Sparsim's CPU kernels on LLaMA layer shapes over a sparsity sweep and returns a
 * {@link Measurement}. Library code: progress goes to a {@code Consumer<String>}, nothing is printed.
 *
 * <p>Per case: the kernel is first run on a small shape until C2 has compiled it (the Vector API is
 * 10–100x slower before that, so a time-based warm-up on the real shape could take minutes), then
 * {@link Timing#warmupRuns} untimed runs on the real shape, then timed runs until the median is
 * stable (it moved less than {@link Timing#stableRelative} over the last two samples, with at least
 * {@link Timing#minSamples}), or {@link Timing#maxSamples} samples, or {@link Timing#maxSecondsPerCase}.
 * All samples are kept. Weights are generated once per (shape, pattern) and encoded once per format.
 */
public final class CpuMeasureSuite {

    /** The predefined case lists. */
    public enum Suite {
        /** A subset that runs in a few minutes on a 2-core machine. */
        QUICK,
        /** Every shape × M × format × sparsity. */
        FULL;

        public static Suite parse(String text, String field) {
            if (text != null) {
                for (Suite s : values()) {
                    if (s.name().equalsIgnoreCase(text.trim())) {
                        return s;
                    }
                }
            }
            throw new BadInputException(field, "one of quick, full", text);
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A weight shape: k rows (reduction) × n columns. */
    public record Shape(int k, int n) {
        public Shape {
            if (k <= 0 || n <= 0) {
                throw new BadInputException("shape", "positive k and n", k + "x" + n);
            }
        }
    }

    /**
     * One case to time.
     *
     * @param sparsity fraction of zeros: of elements (csr, bitmask), of 16×16 blocks (block16);
     *                 0.5 for 2:4 and 0 for dense
     */
    public record Case(int m, Shape shape, Format format, double sparsity) {
        public Case {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(format, "format");
            if (m <= 0) {
                throw new BadInputException("m", "a positive number of tokens", m);
            }
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new BadInputException("sparsity", "a fraction of zeros in [0, 1)", sparsity);
            }
            if (format == Format.DENSE && sparsity != 0) {
                throw new BadInputException("sparsity", "0 for the dense format", sparsity);
            }
            if (format == Format.TWO_FOUR && sparsity != 0.5) {
                throw new BadInputException("sparsity", "0.5 for the 2:4 format", sparsity);
            }
        }

        /** The sparsity spec string of the weight pattern. */
        public String sparsitySpec() {
            return switch (format) {
                case DENSE -> "dense";
                case TWO_FOUR -> "2:4";
                case BLOCK16 -> SparsitySpecs.block(BlockKernel.B, sparsity);
                case CSR, BITMASK -> SparsitySpecs.unstructured(sparsity);
            };
        }

        public String id() {
            return String.format(Locale.ROOT, "gemm-m%d-k%d-n%d-%s-%s", m, shape.k(), shape.n(),
                    format.id().replace(":", "of"), sparsitySpec().replace(":", "-"));
        }

        /** The weight pattern (what must be generated); cases with equal keys share one weight. */
        String patternKey() {
            return switch (format) {
                case DENSE, CSR, BITMASK -> "u" + sparsity;
                case TWO_FOUR -> "2:4";
                case BLOCK16 -> "b" + sparsity;
            };
        }
    }

    /** Sampling policy. */
    public record Timing(int warmupRuns, int minSamples, int maxSamples, double maxSecondsPerCase,
            double stableRelative) {
        public Timing {
            if (warmupRuns < 0 || minSamples < 3 || maxSamples < minSamples || !(maxSecondsPerCase > 0)
                    || !(stableRelative > 0)) {
                throw new IllegalArgumentException("bad timing policy " + warmupRuns + "/" + minSamples + "/"
                        + maxSamples + "/" + maxSecondsPerCase + "/" + stableRelative);
            }
        }

        public static Timing quick() {
            return new Timing(2, 5, 25, 1.5, 0.02);
        }

        public static Timing full() {
            return new Timing(3, 7, 60, 4.0, 0.01);
        }
    }

    public static final List<Shape> SHAPES = List.of(new Shape(4096, 4096), new Shape(4096, 11008),
            new Shape(11008, 4096), new Shape(4096, 14336));
    public static final List<Integer> TOKENS = List.of(1, 8, 64, 256);
    public static final List<Double> SPARSITIES = List.of(0.0, 0.5, 0.7, 0.8, 0.9, 0.95);

    private final KernelPool pool;
    private final Timing timing;
    private final long seed;

    public CpuMeasureSuite(KernelPool pool, Timing timing, long seed) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.seed = seed;
    }

    /** The cases of a predefined suite, grouped so each weight is generated once. */
    public static List<Case> cases(Suite suite) {
        List<Case> out = new ArrayList<>();
        if (suite == Suite.FULL) {
            for (Shape s : SHAPES) {
                for (int m : TOKENS) {
                    out.add(new Case(m, s, Format.DENSE, 0));
                    out.add(new Case(m, s, Format.TWO_FOUR, 0.5));
                    for (double sp : SPARSITIES) {
                        out.add(new Case(m, s, Format.CSR, sp));
                        out.add(new Case(m, s, Format.BITMASK, sp));
                        out.add(new Case(m, s, Format.BLOCK16, sp));
                    }
                }
            }
            return out;
        }
        // quick: the shape of the targets (4096×11008) at every M with the main formats at 70%,
        // plus a sparsity sweep of csr at M=1 and M=64, and the square shape at M=1 and 64.
        Shape main = new Shape(4096, 11008);
        for (int m : TOKENS) {
            out.add(new Case(m, main, Format.DENSE, 0));
            out.add(new Case(m, main, Format.CSR, 0.7));
            out.add(new Case(m, main, Format.BITMASK, 0.7));
            out.add(new Case(m, main, Format.TWO_FOUR, 0.5));
            out.add(new Case(m, main, Format.BLOCK16, 0.7));
        }
        for (int m : List.of(1, 64)) {
            for (double sp : List.of(0.5, 0.9)) {
                out.add(new Case(m, main, Format.CSR, sp));
            }
        }
        Shape square = new Shape(4096, 4096);
        for (int m : List.of(1, 64)) {
            out.add(new Case(m, square, Format.DENSE, 0));
            out.add(new Case(m, square, Format.CSR, 0.7));
            out.add(new Case(m, square, Format.TWO_FOUR, 0.5));
        }
        return out;
    }

    public Measurement run(Suite suite, Consumer<String> progress) {
        return run(cases(suite), progress);
    }

    /** Times {@code cases} in order, reusing a generated weight and its encodings while consecutive cases share them. */
    public Measurement run(List<Case> cases, Consumer<String> progress) {
        Objects.requireNonNull(progress, "progress");
        List<MeasuredCase> out = new ArrayList<>();
        Map<String, SparseWeight> encoded = new LinkedHashMap<>();
        String weightKey = null;
        float[] weight = null;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String key = c.shape().k() + "x" + c.shape().n() + "/" + c.patternKey();
            if (!key.equals(weightKey)) {
                encoded.clear();
                weight = null;
                long t0 = System.nanoTime();
                weight = generate(c);
                weightKey = key;
                progress.accept(String.format(Locale.ROOT, "weight %s %s generated in %.1f s", shapeText(c),
                        c.sparsitySpec(), (System.nanoTime() - t0) / 1e9));
            }
            SparseWeight kernel = encoded.get(c.format().id());
            if (kernel == null) {
                long t0 = System.nanoTime();
                kernel = SparseWeight.encode(weight, c.shape().k(), c.shape().n(), c.format());
                encoded.put(c.format().id(), kernel);
                progress.accept(String.format(Locale.ROOT, "encoded %s as %s in %.1f s (%d bytes)", shapeText(c),
                        c.format().id(), (System.nanoTime() - t0) / 1e9, kernel.storedBytes()));
            }
            List<Double> samples = time(kernel, c);
            MeasuredCase mc = MeasuredCase.of(c.id(), c.m(), c.shape().n(), c.shape().k(), "fp32", c.sparsitySpec(),
                    c.format(), pool.threads(), samples, "cpu");
            out.add(mc);
            progress.accept(String.format(Locale.ROOT, "[%d/%d] %s: median %.3f ms (p10 %.3f, p90 %.3f, %d samples)"
                    + ", %.1f GFLOP/s dense-equivalent", i + 1, cases.size(), c.id(), mc.medianSeconds() * 1e3,
                    mc.p10Seconds() * 1e3, mc.p90Seconds() * 1e3, samples.size(),
                    mc.denseFlops() / mc.medianSeconds() / 1e9));
        }
        return new Measurement(describeHost(pool.threads()), out);
    }

    private float[] generate(Case c) {
        int k = c.shape().k();
        int n = c.shape().n();
        long s = seed ^ (31L * k + n) * 0x9E3779B97F4A7C15L;
        return switch (c.format()) {
            case TWO_FOUR -> WeightPatterns.twoFour(k, n, s);
            case BLOCK16 -> WeightPatterns.block(k, n, BlockKernel.B, c.sparsity(), s);
            default -> WeightPatterns.unstructured(k, n, c.sparsity(), s);
        };
    }

    private List<Double> time(SparseWeight kernel, Case c) {
        compileWarmup(kernel.format(), c.m());
        float[] a = WeightPatterns.activations(c.m(), kernel.k(), seed + c.m());
        float[] out = new float[c.m() * kernel.n()];
        for (int i = 0; i < timing.warmupRuns(); i++) {
            kernel.multiply(a, c.m(), out, pool);
        }
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            kernel.multiply(a, c.m(), out, pool);
            long t1 = System.nanoTime();
            samples.add(Math.max(1, t1 - t0) / 1e9);
            int n = samples.size();
            if (n >= timing.maxSamples() || (t1 - start) / 1e9 >= timing.maxSecondsPerCase() && n >= 3) {
                break;
            }
            if (n >= timing.minSamples()) {
                double now = SampleStats.median(samples);
                double before = SampleStats.median(samples.subList(0, n - 2));
                if (Math.abs(now - before) <= timing.stableRelative() * now) {
                    break;
                }
            }
        }
        return samples;
    }

    /**
     * Runs the format's kernel for this token count on a small weight until C2 has had time to
     * compile it: the code path (GEMV or token-chunk width) depends on m, so warm each m class.
     */
    private void compileWarmup(Format format, int m) {
        int k = 512;
        int n = 512;
        float[] w = format == Format.TWO_FOUR ? WeightPatterns.twoFour(k, n, 1)
                : format == Format.BLOCK16 ? WeightPatterns.block(k, n, BlockKernel.B, 0.5, 1)
                : WeightPatterns.unstructured(k, n, 0.7, 1);
        SparseWeight small = SparseWeight.encode(w, k, n, format);
        float[] a = WeightPatterns.activations(m, k, 2);
        float[] c = new float[m * n];
        long deadline = System.nanoTime() + 300_000_000L;
        int runs = 0;
        while (runs < 20 || (System.nanoTime() < deadline && runs < 2000)) {
            small.multiply(a, m, c, pool);
            runs++;
        }
    }

    private static String shapeText(Case c) {
        return c.shape().k() + "x" + c.shape().n();
    }

    /** A free-form description of this machine and JVM for the measurement file's {@code host}. */
    public static Map<String, String> describeHost(int threads) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("backend", "cpu");
        h.put("cpuModel", cpuModel());
        h.put("logicalCores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        h.put("threads", Integer.toString(threads));
        h.put("vectorBits", Integer.toString(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
        h.put("javaVersion", System.getProperty("java.version", "unknown"));
        h.put("javaVm", System.getProperty("java.vm.name", "unknown") + " " + System.getProperty("java.vm.version", ""));
        h.put("os", System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", "") + " "
                + System.getProperty("os.arch", ""));
        h.put("kernels", "sparsim-validation cpu (Vector API, fp32)");
        h.put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return h;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux or not readable: say so below
        }
        return "unknown (" + System.getProperty("os.arch", "?") + ")";
    }
}
