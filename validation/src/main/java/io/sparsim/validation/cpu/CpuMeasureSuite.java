package io.sparsim.validation.cpu;

import io.sparsim.hwprofiles.HostCalibrations;
import io.sparsim.hwprofiles.HostDetector;

import io.sparsim.core.BadInputException;
import io.sparsim.kernels.KernelGeometry;
import io.sparsim.kernels.KernelPaths;
import io.sparsim.kernels.cpu.KernelPool;
import io.sparsim.kernels.cpu.SparseWeight;
import io.sparsim.kernels.cpu.WeightPatterns;
import io.sparsim.validation.measure.Format;
import io.sparsim.validation.measure.MeasuredCase;
import io.sparsim.validation.measure.Measurement;
import io.sparsim.validation.measure.SampleStats;
import io.sparsim.workloads.sparsity.WeightSparsity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * The first case a JVM times first runs cold-cache repetitions for {@link Timing#settleSeconds}.
 * All samples are kept. Weights are generated once per (shape, pattern) and encoded once per format.
 */
public final class CpuMeasureSuite {

    /** The predefined case lists. */
    public enum Suite {
        /** A subset that runs in a few minutes on a 2-core machine. */
        QUICK,
        /** Every shape × M × format × sparsity. */
        FULL,
        /**
         * What {@code calibrate --host} times, once each, in under two minutes on two cores: on 4096×11008 every
         * format at every M at 70% (the M sweep sets the chunk, vector and visit costs and the dense GEMM's
         * stream), csr, bitmask and block16 also at 50% and 90% at M = 1 and 64 (density sets the scan cost apart
         * from the per-nonzero ones); 4096×4096 at M = 1 and 64 for dense, csr 70% and 2:4, held out.
         */
        CALIBRATE;

        public static Suite parse(String text, String field) {
            if (text != null) {
                for (Suite s : values()) {
                    if (s.name().equalsIgnoreCase(text.trim())) {
                        return s;
                    }
                }
            }
            throw new BadInputException(field, "one of quick, full, calibrate", text);
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
                case BLOCK16 -> WeightSparsity.block(KernelGeometry.BLOCK_SIDE, sparsity).toString();
                case CSR, BITMASK -> WeightSparsity.unstructured(sparsity).toString();
            };
        }

        public String id() {
            return String.format(Locale.ROOT, "gemm-m%d-k%d-n%d-%s-%s", m, shape.k(), shape.n(),
                    format.id().replace(":", "of"), sparsitySpec().replace(":", "-"));
        }

        /** The generated weight (shape and pattern); cases with equal keys share one weight. */
        String weightKey() {
            String pattern = switch (format) {
                case DENSE, CSR, BITMASK -> "u" + sparsity;
                case TWO_FOUR -> "2:4";
                case BLOCK16 -> "b" + sparsity;
            };
            return shape.k() + "x" + shape.n() + "/" + pattern;
        }
    }

    /**
     * Sampling policy.
     *
     * @param coldCache read a buffer larger than the last-level cache before every sample, so the
     *                  weight streams from DRAM as it does when a model's other layers run in between.
     *                  Without it a compressed weight that fits in L3 (this machine reports 480 MiB)
     *                  is re-read from cache and sparse speedups at M = 1 look far larger (measured
     *                  2.5x instead of 1.7x for csr at 70% on 4096×11008).
     * @param settleSeconds untimed cold-cache runs of the first case a JVM times, before its samples. In a fresh
     *                  fork the first case ran slow for its first half second although C2 had compiled its
     *                  kernel: 2:4 at M = 1 on 4096×11008, first in its fork, took 3.77–4.17 ms (p10, three
     *                  forks) and 3.61–3.70 ms after a 1 s settle; timed three times in a row in one fork,
     *                  3.79/3.56/3.40 and 3.94/3.46/3.46 ms.
     */
    public record Timing(int warmupRuns, int minSamples, int maxSamples, double maxSecondsPerCase,
            double stableRelative, boolean coldCache, double settleSeconds) {
        public Timing {
            if (warmupRuns < 0 || minSamples < 3 || maxSamples < minSamples || !(maxSecondsPerCase > 0)
                    || !(stableRelative > 0) || !(settleSeconds >= 0)) {
                throw new IllegalArgumentException("bad timing policy " + warmupRuns + "/" + minSamples + "/"
                        + maxSamples + "/" + maxSecondsPerCase + "/" + stableRelative + "/" + settleSeconds);
            }
        }

        public static Timing quick() {
            return new Timing(2, 5, 25, 1.5, 0.02, true, 1.0);
        }

        /**
         * Fewer samples a round and a shorter settle than {@link #quick}: {@code calibrate --host} times its cases in
         * two JVM rounds (one left them a median 15% slower than the quick suite's, by the JVM's compile luck) within
         * its two-minute budget.
         */
        public static Timing calibrate() {
            return new Timing(1, 3, 6, 0.4, 0.03, true, 0.3);
        }

        public static Timing full() {
            return new Timing(3, 7, 60, 4.0, 0.01, true, 2.0);
        }
    }

    /**
     * Bytes of the buffer read between samples when {@link Timing#coldCache}: 2× the last-level cache,
     * 64 MiB–2 GiB, read twice per chunk ({@link #evictCaches}). Read once, neither 1.5× nor 3× (720 / 1440 MiB
     * against the dev host's 480 MiB L3, shared with other tenants) kept a 64 MiB weight from surviving in
     * part (dense M = 1 on 4096×4096 ran 1.73–2.32 ms, up to 39 GB/s, where it takes 2.45–2.57). Read twice,
     * 2× and 3× gave the same 4096×4096 times (2.44–2.47 and 2.45–2.54 ms, p10, alternating forks), and a
     * 2× fork ran in 10.8–11.2 s against 12.4–15.7 s.
     */
    /**
     * Heap a fork of {@code suite} needs: the cache-flush buffer, and 4 of its largest weight (a fork holds one
     * generated fp32 weight and its encoding, at most 1.5 of it for csr, while the next weight is generated), plus
     * {@value #FORK_HEAP_SLACK_MIB} MiB for activations, outputs and the JVM. Forks pre-touch their whole heap
     * (see MeasureCommand), and pre-touching the default quarter of RAM (6 GiB of 24) took 2-3 minutes per fork
     * on a loaded 2-core VM, 36 s for 2 GiB, most of what made calibrate --host run over its two minutes.
     */
    public static long forkHeapBytes(Suite suite) {
        long weight = cases(suite).stream().mapToLong(c -> 4L * c.shape().k() * c.shape().n()).max().orElse(0);
        return flushBytes() + 4 * weight + ((long) FORK_HEAP_SLACK_MIB << 20);
    }

    private static final int FORK_HEAP_SLACK_MIB = 512;

    static long flushBytes() {
        long l3 = 0;
        try {
            Path p = Path.of("/sys/devices/system/cpu/cpu0/cache/index3/size");
            if (Files.isReadable(p)) {
                String t = Files.readString(p).trim().toUpperCase(Locale.ROOT);
                long unit = t.endsWith("K") ? 1024 : t.endsWith("M") ? 1024 * 1024 : 1;
                l3 = Long.parseLong(t.replaceAll("[^0-9]", "")) * unit;
            }
        } catch (IOException | RuntimeException e) {
            l3 = 0;
        }
        if (l3 <= 0) {
            l3 = 256L << 20; // estimate: no cache size exposed; a large server L3
        }
        return Math.max(64L << 20, Math.min(2L << 30, l3 * 2));
    }

    public static final List<Shape> SHAPES = List.of(new Shape(4096, 4096), new Shape(4096, 11008),
            new Shape(11008, 4096), new Shape(4096, 14336));
    public static final List<Integer> TOKENS = List.of(1, 8, 64, 256);
    public static final List<Double> SPARSITIES = List.of(0.0, 0.5, 0.7, 0.8, 0.9, 0.95);

    private final KernelPool pool;
    /** The kernels' inner paths this suite times (probed on this machine, see {@link KernelPaths}). */
    private final KernelPaths paths;
    private final Timing timing;
    private final long seed;
    /** Cache-flush buffer (null when warm); its checksum goes to {@link #flushSink} so the JIT keeps the reads. */
    private final float[] flush;
    private volatile double flushSink;
    /** Whether this JVM has run {@link Timing#settleSeconds} yet. */
    private boolean settled;
    /** Encoded once per format and depth k: every case of a format and k warms up on the same weights. */
    private final Map<String, List<SparseWeight>> warmupWeights = new java.util.HashMap<>();
    /**
     * The (format, m, depth) paths of dense and 2:4 this JVM has warmed up. Their weights have one pattern, so a
     * second shape of the same depth finds its path compiled from the same profile, and warming it again only cost
     * time (0.3 s a case). CSR, bitmask and block16 warm up before every case: their walks branch on the
     * density, and warmed once per path, CSR 70% at M = 8 (timed after CSR on a dense weight) ran 10.3 ms in the
     * first fork of 3 of 8 suite runs and 11.3–13.5 ms in the other 21 forks (11.2–11.8 ms in all 24 forks of
     * eight runs warmed per case; p10 per fork); bitmask on a dense weight at M = 8 moved 9%.
     */
    private final Set<String> warmedPaths = new HashSet<>();

    public CpuMeasureSuite(KernelPool pool, KernelPaths paths, Timing timing, long seed) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.seed = seed;
        this.flush = timing.coldCache() ? new float[(int) (flushBytes() / 4)] : null;
        if (flush != null) {
            java.util.Arrays.fill(flush, 1f);
        }
    }

    /**
     * The cases of a predefined suite, ordered so that cases sharing a weight pattern are adjacent
     * (each weight is generated once and each format encoded once).
     */
    public static List<Case> cases(Suite suite) {
        List<Case> out = new ArrayList<>();
        if (suite == Suite.CALIBRATE) {
            Shape main = new Shape(4096, 11008);
            addSweep(out, main, TOKENS, List.of(0.7), false);
            for (int m : TOKENS) {
                out.add(new Case(m, main, Format.DENSE, 0));
            }
            for (int m : TOKENS) {
                out.add(new Case(m, main, Format.TWO_FOUR, 0.5));
            }
            addSweep(out, main, List.of(1, 64), List.of(0.5, 0.9), false);
            Shape heldOut = new Shape(4096, 4096);
            for (Format f : List.of(Format.DENSE, Format.CSR, Format.TWO_FOUR)) {
                for (int m : List.of(1, 64)) {
                    out.add(new Case(m, heldOut, f, f == Format.CSR ? 0.7 : f == Format.TWO_FOUR ? 0.5 : 0));
                }
            }
            return out;
        }
        if (suite == Suite.FULL) {
            for (Shape s : SHAPES) {
                addSweep(out, s, TOKENS, SPARSITIES, true);
            }
            return out;
        }
        // quick: every M on the shape of the targets (4096×11008) at 70%, a short sparsity sweep
        // at M = 1 and 64, and the other shapes at M = 1 and 64 with dense, csr 70% and 2:4.
        Shape main = new Shape(4096, 11008);
        addSweep(out, main, TOKENS, List.of(0.0, 0.7), false);
        addSweep(out, main, List.of(1, 64), List.of(0.5, 0.9), false);
        for (Shape s : SHAPES) {
            if (s.equals(main)) {
                continue;
            }
            for (int m : List.of(1, 64)) {
                out.add(new Case(m, s, Format.DENSE, 0));
            }
            for (int m : List.of(1, 64)) {
                out.add(new Case(m, s, Format.CSR, 0.7));
            }
            for (int m : List.of(1, 64)) {
                out.add(new Case(m, s, Format.TWO_FOUR, 0.5));
            }
        }
        return out;
    }

    /** Dense (at sparsity 0), csr and bitmask at each sparsity, 2:4 once, block16 at each sparsity. */
    private static void addSweep(List<Case> out, Shape s, List<Integer> tokens, List<Double> sparsities,
            boolean withZeroBlocks) {
        for (double sp : sparsities) {
            for (int m : tokens) {
                if (sp == 0) {
                    out.add(new Case(m, s, Format.DENSE, 0));
                }
                out.add(new Case(m, s, Format.CSR, sp));
                out.add(new Case(m, s, Format.BITMASK, sp));
            }
        }
        if (sparsities.contains(0.0) || withZeroBlocks) {
            for (int m : tokens) {
                out.add(new Case(m, s, Format.TWO_FOUR, 0.5));
            }
        }
        for (double sp : sparsities) {
            if (sp == 0 && !withZeroBlocks) {
                continue;
            }
            for (int m : tokens) {
                out.add(new Case(m, s, Format.BLOCK16, sp));
            }
        }
    }

    /** The formats of a suite's cases, in the order of their first case. */
    public static List<Format> formats(Suite suite) {
        return cases(suite).stream().map(Case::format).distinct().toList();
    }

    /** The suite's cases of one format, in suite order. */
    public static List<Case> cases(Suite suite, Format format) {
        return cases(suite).stream().filter(c -> c.format() == format).toList();
    }

    /**
     * The suite's cases of one format in the order round {@code round} of {@code rounds} times them: the groups of
     * cases sharing a weight, rotated by {@code (round − 1) / rounds} of the groups, so no weight comes first in its
     * fork in more than one round. The first weight a fork times ran slow even after the settle: 2:4 at M = 1 on
     * 4096×11008 first in its fork 3.61–3.70 ms, last 3.22 ms; CSR 70% at M = 1 on 4096×14336 4.56–4.61 ms
     * second in its fork, 4.18–4.37 ms seventeenth (p10, two forks each); with the rotation the 10th percentile
     * over the rounds comes from a round where it did not.
     */
    public static List<Case> cases(Suite suite, Format format, int round, int rounds) {
        if (rounds < 1 || round < 1 || round > rounds) {
            throw new IllegalArgumentException("round " + round + " of " + rounds);
        }
        List<List<Case>> groups = new ArrayList<>();
        String key = null;
        for (Case c : cases(suite, format)) {
            String k = c.weightKey();
            if (!k.equals(key)) {
                groups.add(new ArrayList<>());
                key = k;
            }
            groups.get(groups.size() - 1).add(c);
        }
        java.util.Collections.rotate(groups, -(round - 1) * groups.size() / rounds);
        return groups.stream().flatMap(List::stream).toList();
    }

    /** Times round {@code round} of {@code rounds} of one format's cases in this JVM: what one fork of {@link #runForked} runs. */
    public Measurement run(Suite suite, Format format, int round, int rounds, Consumer<String> progress) {
        return run(cases(suite, format, round, rounds), progress);
    }

    /** One fresh JVM's run of {@link #run(Suite, Format, int, int, Consumer)}; progress lines go to the consumer. */
    @FunctionalInterface
    public interface Fork {
        Measurement run(Format format, int round, int rounds, Consumer<String> progress);
    }

    /**
     * Passes the dense format runs beyond the suite's rounds. Dense is the denominator of every speedup, and each
     * dense fork runs its register-blocked GEMM in one of two modes, set when the JVM starts and kept throughout:
     * on 4096×11008, M = 64 / 256 took 24.5–25.0 / 76.5–78.9 ms or 26.2–26.9 / 83.9–85.5 ms (cold, p10 of 7), the
     * slow one in 18 of 32 JVMs, whatever its weight's or packed A's allocation and for 25 s on end (the compiled
     * kernel's size and entry alignment did not tell the modes apart). Pooled over three forks the 10th percentile
     * missed the fast mode in 2 of 8 suite runs (about 1 in 6 at 18 of 32), and the M ≥ 64 speedups of those runs
     * came out 7–9% high; over five forks it misses about 1 time in 18.
     */
    static final int EXTRA_DENSE_ROUNDS = 2;

    /** Passes {@link #runForked} gives {@code format}. */
    static int rounds(Format format, int rounds) {
        return format == Format.DENSE ? rounds + EXTRA_DENSE_ROUNDS : rounds;
    }

    /**
     * Times a predefined suite in {@code rounds} passes, each format's cases in a fresh JVM per pass (as JMH
     * forks), and keeps every sample.
     * <ul>
     *   <li>Forks: C2 compiles a kernel from the profile of everything that ran before it. In one JVM, 2:4 at
     *       M = 8 ran 8.4–9.9 ms in seven suite runs and 13.4–17.3 ms in three, and alone in a fresh JVM
     *       9.2–10.2 ms in eleven of eleven, so what the other formats ran decided its time.</li>
     *   <li>Passes: on a shared host memory bandwidth drifts over minutes with the neighbours' load, and
     *       passes spread that drift over every case instead of letting it land on a few.</li>
     * </ul>
     * Dense runs {@value #EXTRA_DENSE_ROUNDS} passes more, after the others (why: {@link #EXTRA_DENSE_ROUNDS}).
     * The DRAM streaming bandwidth is probed in this JVM before each of the first {@code rounds} passes and after
     * the last, best kept.
     */
    public Measurement runForked(Suite suite, int rounds, Fork fork, Consumer<String> progress) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be positive: " + rounds);
        }
        List<Format> formats = formats(suite);
        List<MeasuredCase> all = new ArrayList<>();
        List<Measurement> parts = new ArrayList<>();
        Map<String, String> host = null;
        // On a shared host one probe moment read 21 GB/s where the dense GEMV of the same run streamed 26 GB/s.
        double streamRead = 0;
        int passes = formats.stream().mapToInt(f -> rounds(f, rounds)).max().orElse(rounds);
        for (int r = 1; r <= passes; r++) {
            if (flush != null && r <= rounds) {
                streamRead = Math.max(streamRead, probeStreamReadBytesPerSecond());
            }
            for (Format f : formats) {
                int of = rounds(f, rounds);
                if (r > of) {
                    continue;
                }
                String prefix = "round " + r + "/" + of + ", " + f.id() + ": ";
                Measurement part = fork.run(f, r, of, line -> progress.accept(prefix + line));
                parts.add(part);
                host = part.host();
                all.addAll(part.cases());
            }
        }
        Map<String, MeasuredCase> pooled = new LinkedHashMap<>();
        MeasuredCase.pool(all).forEach(c -> pooled.put(c.id(), c));
        List<MeasuredCase> merged = new ArrayList<>();
        for (Case want : cases(suite)) {
            MeasuredCase c = pooled.get(want.id());
            if (c == null) {
                throw new IllegalStateException("the fork for " + want.format().id() + " returned no case " + want.id());
            }
            merged.add(c);
        }
        Map<String, String> out = new LinkedHashMap<>(host);
        out.put("rounds", Integer.toString(rounds));
        out.put("denseRounds", Integer.toString(rounds(Format.DENSE, rounds)));
        out.put("forks", "one JVM per format per round");
        io.sparsim.validation.measure.Steadiness.withinForks(parts).ifPresent(s -> out.put(
                io.sparsim.validation.measure.Steadiness.HOST_KEY, String.format(Locale.ROOT, "%.4f", s)));
        io.sparsim.validation.measure.Steadiness.denseGemvAcrossRounds(parts).ifPresent(s -> out.put(
                io.sparsim.validation.measure.Steadiness.ROUNDS_KEY, String.format(Locale.ROOT, "%.4f", s)));
        if (flush != null) {
            streamRead = Math.max(streamRead, probeStreamReadBytesPerSecond());
            out.put(STREAM_READ_KEY, String.format(Locale.ROOT, "%.4g", streamRead));
        }
        return new Measurement(out, merged);
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
            String key = c.weightKey();
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
                kernel = SparseWeight.encode(weight, c.shape().k(), c.shape().n(), c.format().kernel(), paths);
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
        Map<String, String> host = describeHost(pool.threads(), paths);
        host.put("timing", String.format(Locale.ROOT, "median of %d-%d runs after %d warm-up runs (the first case "
                        + "after %.1f s of untimed runs); %s",
                timing.minSamples(), timing.maxSamples(), timing.warmupRuns(), timing.settleSeconds(), flush == null
                        ? "caches warm (the weight may stay in L3 between runs)"
                        : "caches cold: " + (flush.length * 4L >> 20) + " MiB read before each run, each 4 MiB twice"));
        return new Measurement(host, out);
    }

    private float[] generate(Case c) {
        int k = c.shape().k();
        int n = c.shape().n();
        long s = seed ^ (31L * k + n) * 0x9E3779B97F4A7C15L;
        return switch (c.format()) {
            case TWO_FOUR -> WeightPatterns.twoFour(k, n, s);
            case BLOCK16 -> WeightPatterns.block(k, n, KernelGeometry.BLOCK_SIDE, c.sparsity(), s);
            default -> WeightPatterns.unstructured(k, n, c.sparsity(), s);
        };
    }

    private List<Double> time(SparseWeight kernel, Case c) {
        compileWarmup(c.format(), c.m(), c.shape().k());
        float[] a = WeightPatterns.activations(c.m(), kernel.k(), seed + c.m());
        float[] out = new float[c.m() * kernel.n()];
        for (int i = 0; i < timing.warmupRuns(); i++) {
            kernel.multiply(a, c.m(), out, pool);
        }
        if (!settled) {
            settled = true;
            long end = System.nanoTime() + (long) (timing.settleSeconds() * 1e9);
            while (System.nanoTime() < end) {
                evictCaches();
                kernel.multiply(a, c.m(), out, pool);
            }
        }
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            evictCaches();
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

    /** Host field with the probed streaming-read bandwidth, bytes per second. */
    public static final String STREAM_READ_KEY = "streamReadBytesPerSecond";

    /**
     * DRAM streaming-read bandwidth on the pool's threads: the best of 7 passes over the cache-flush buffer
     * (larger than the last-level cache, one load per 64-byte line, so every line comes from DRAM), each
     * thread reading four streams at once as the kernels do (weight values, indices, two slices).
     */
    double probeStreamReadBytesPerSecond() {
        return probeStreamReadBytesPerSecond(4);
    }

    /**
     * The same probe with {@code streams} interleaved streams per thread (1 or 4): one stream is how the dense
     * GEMV and block16 read their weight, several how csr, bitmask and 2:4 do. Needs a cold-cache timing.
     */
    public double probeStreamReadBytesPerSecond(int streams) {
        if (flush == null) {
            throw new IllegalStateException("the bandwidth probe reads the cache-flush buffer of a cold-cache timing");
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            readFlushBuffer(1, streams);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return flush.length * 4.0 / best;
    }

    /**
     * Evicts the last timed run's data (no-op when the cache is to stay warm): reads the flush buffer with every
     * 4 MiB chunk read twice. The second read finds the chunk in the last-level cache (it has left the 2 MiB L2),
     * so the LLC sees the flush lines re-used, as it saw the weight's lines re-read by every sample, and lets them
     * displace the weight. Read once, the flush left part of a small weight behind: dense M = 1 on 4096×4096 took
     * 2.23–2.32 ms (p10, three forks) against 2.48–2.57 ms with the chunks read twice, the same as three times
     * (2:4 at M = 1, 4096×4096: 1.32–1.34 once, 1.37–1.39 twice, 1.38–1.43 three times; the 180 MiB weights
     * moved 0–3%).
     */
    private void evictCaches() {
        if (flush != null) {
            readFlushBuffer(2, 4);
        }
    }

    /**
     * Reads the flush buffer on all pool threads, {@code passes} times over each 4 MiB task before the next,
     * each pass as four interleaved 1 MiB streams. One stream per thread read 25.6–27.6 GB/s on the dev host,
     * four 31.1–31.7 GB/s (buffers of 720 MiB to 2.8 GiB alike, so not L3 hits); the kernels streamed
     * 26–29 GB/s, so a one-stream probe pinned the fitted memory efficiency at its bound of 1.
     */
    private void readFlushBuffer(int passes, int streams) {
        int chunk = 1 << 20;
        int tasks = (flush.length + chunk - 1) / chunk;
        double[] sums = new double[tasks];
        pool.parallelFor(tasks, t -> {
            int lo = t * chunk;
            int hi = Math.min(flush.length, lo + chunk);
            if (streams == 1) {
                double s = 0;
                for (int pass = 0; pass < passes; pass++) {
                    for (int i = lo; i < hi; i += 16) {
                        s += flush[i];
                    }
                }
                sums[t] = s;
                return;
            }
            int quarter = (hi - lo) / 4 / 16 * 16;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int pass = 0; pass < passes; pass++) {
                for (int i = lo; i < lo + quarter; i += 16) {
                    s0 += flush[i];
                    s1 += flush[i + quarter];
                    s2 += flush[i + 2 * quarter];
                    s3 += flush[i + 3 * quarter];
                }
                for (int i = lo + 4 * quarter; i < hi; i += 16) {
                    s0 += flush[i];
                }
            }
            sums[t] = s0 + s1 + s2 + s3;
        });
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        flushSink = total;
    }

    /**
     * Runs the format's kernel for this token count on narrow weights until C2 has had time to compile it (dense
     * and 2:4 once per m and depth in a JVM, {@link #warmedPaths}):
     * the code path (GEMV or token-chunk width) depends on m, so warm each m class. The weights cycle
     * through the suite's densities, the same for every case, so C2 compiles the bit walks from one
     * profile whatever ran before: warmed on one density per case, the bitmask GEMV was recompiled
     * when a later case took a path the first had not, and at 50% ran 13.6 ms in two forks of twelve
     * and 16.6–17.6 ms in ten. They are as deep as the case's weight, because the loop order depends on
     * m × k too (dense and block16 walk k-blocks outermost once packed A outgrows 1 MiB: M = 64 on k = 11008,
     * M = 256 on k = 4096). Warmed on 512 rows only, C2 compiled that branch as never taken, and the dense
     * kernel was deoptimized and recompiled (OSR) while dense M = 64 on 11008×4096 was being timed. That case still
     * runs in two modes, one per fork (28.9 or 30.8–31.2 ms in four forks, steady within each; 28.7–31.0 ms
     * before), so those come from something else.
     */
    private void compileWarmup(Format format, int m, int depth) {
        boolean onePattern = format == Format.DENSE || format == Format.TWO_FOUR;
        if (onePattern && !warmedPaths.add(format.id() + "/" + m + "/" + depth)) {
            return;
        }
        List<SparseWeight> small = warmupWeights.computeIfAbsent(format.id() + "/" + depth,
                key -> warmupWeights(format, depth));
        int k = small.get(0).k();
        int n = small.get(0).n();
        float[] a = WeightPatterns.activations(m, k, 2);
        float[] c = new float[m * n];
        long deadline = System.nanoTime() + 300_000_000L;
        int runs = 0;
        while (runs < 20 || (System.nanoTime() < deadline && runs < 2000)) {
            small.get(runs % small.size()).multiply(a, m, c, pool);
            runs++;
        }
    }

    /** Densities of the compile warm-up weights: the quick suite's, for every case alike. */
    private static final List<Double> WARMUP_SPARSITIES = List.of(0.0, 0.5, 0.7, 0.9);

    /** The k×512 warm-up weights of a format, one per warm-up density (one for dense and 2:4). */
    private List<SparseWeight> warmupWeights(Format format, int k) {
        int n = 512;
        List<SparseWeight> small = new ArrayList<>();
        for (double sp : WARMUP_SPARSITIES) {
            float[] w = switch (format) {
                case TWO_FOUR -> WeightPatterns.twoFour(k, n, 1);
                case BLOCK16 -> WeightPatterns.block(k, n, KernelGeometry.BLOCK_SIDE, sp, 1);
                default -> WeightPatterns.unstructured(k, n, sp, 1);
            };
            small.add(SparseWeight.encode(w, k, n, format.kernel(), paths));
            if (format == Format.TWO_FOUR || format == Format.DENSE) {
                break;
            }
        }
        return small;
    }

    private static String shapeText(Case c) {
        return c.shape().k() + "x" + c.shape().n();
    }

    /** A free-form description of this machine and JVM for the measurement file's {@code host}. */
    public static Map<String, String> describeHost(int threads, KernelPaths paths) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("backend", "cpu");
        h.put("cpuModel", cpuModel());
        h.put("cpuKey", HostDetector.cpuKey(cpuinfo()));
        h.put(HostCalibrations.KERNELS_VERSION_KEY, HostCalibrations.classpathKernelsVersion());
        h.put("kernelPaths", paths.text());
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

    private static String cpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
