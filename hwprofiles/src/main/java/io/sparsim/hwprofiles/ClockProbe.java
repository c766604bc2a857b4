package io.sparsim.hwprofiles;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A short probe of the clock the cores run at under load, for the uncalibrated {@code host} profile. Inside a VM
 * /proc/cpuinfo reports the nominal (TSC) clock and no cpufreq data, while the cores boost well above it: on a Zen 5
 * VM reporting 2.1 GHz the dense GEMM ran 298 GFLOP/s on two cores, above the 268 that 2 × 64 FLOP per cycle at
 * 2.1 GHz allow. The probe times a chain of dependent 64-bit multiply-adds ({@code x = x * m + i}) on every core at
 * once: {@code imul r64, r64} has a latency of 3 cycles and {@code add} of 1 on every Intel Core since Nehalem and
 * every AMD Zen (Agner Fog, Instruction tables, "IMUL r64,r64" and "ADD r,r"; uops.info), so the chain's rate is the
 * clock over {@value #STEP_LATENCY_CYCLES} cycles, whatever the CPU. Best of several passes; run at first use and
 * cached beside the calibrations.
 */
public final class ClockProbe {
    /** Latency of one step of the chain: {@code imul r64, r64} (3 cycles) then {@code add r64, r64} (1 cycle). */
    static final int STEP_LATENCY_CYCLES = 4;
    private static final int PASSES = 7;
    private static final long STEPS = 20_000_000L;

    private ClockProbe() {
    }

    /** What one probe read: the all-core clock, on how many threads, when. */
    public record Result(double hertz, int threads, String measuredAt) {
        public Result {
            if (!(hertz > 0) || threads < 1) {
                throw new IllegalArgumentException("not a clock probe result: " + hertz + ", " + threads);
            }
        }

        /** "3.71 GHz on 2 threads (dependent imul chain, best of 7 passes, 2026-...)". */
        public String describe() {
            return String.format(Locale.ROOT, "%.3g GHz on %d threads at once (a chain of dependent imul + add, %d "
                    + "cycles a step, best of %d passes, %s)", hertz / 1e9, threads, STEP_LATENCY_CYCLES, PASSES, measuredAt);
        }
    }

    /** The cached probe when {@code cache} holds one, else a fresh probe, written to {@code cache} when given. */
    public static Result cachedOrRun(Optional<Path> cache, int threads) {
        if (cache.isPresent()) {
            Optional<Result> cached = read(cache.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        Result r = run(threads);
        cache.ifPresent(c -> write(c, r));
        return r;
    }

    /** Probes now on {@code threads} threads. */
    public static Result run(int threads) {
        chains(threads, STEPS / 10); // compiles the chain before it is timed
        double best = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < PASSES; pass++) {
            best = Math.min(best, chains(threads, STEPS));
        }
        return new Result(STEPS * STEP_LATENCY_CYCLES / best, threads,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /**
     * CPU seconds the fastest of {@code threads} threads, all running at once, spent on its chain of {@code steps}.
     * The cores are loaded together, as the kernels load them; each timed by its own CPU time ({@link ProbeThreads}).
     */
    private static double chains(int threads, long steps) {
        long[] out = new long[threads]; // the chains' results, stored so the JIT cannot drop them
        double[] seconds = ProbeThreads.cpuSeconds(threads, "clock",
                t -> out[t] = chain(t + 3, 0x9E3779B97F4A7C15L + t, steps));
        return java.util.Arrays.stream(seconds).min().orElseThrow();
    }

    /**
     * {@code steps} dependent steps {@code x = x * m + i}. {@code m} is not a compile-time constant, so the JIT cannot
     * strength-reduce the multiply to shifts and adds; the added counter keeps it from reassociating a bare product
     * chain into {@code x * (m * m)} per unrolled pair (it did: a chain of {@code x *= m} timed at 57 "GHz").
     */
    static long chain(long x, long m, long steps) {
        for (long i = 0; i < steps; i++) {
            x = x * m + i;
        }
        return x;
    }

    /** A cached probe, or empty when the file is missing or unreadable (then the probe runs again). */
    static Optional<Result> read(Path file) {
        return ProbeThreads.readCache(file, p -> new Result(Double.parseDouble(p.getProperty("hertz")),
                Integer.parseInt(p.getProperty("threads")), p.getProperty("measuredAt")));
    }

    /** Writes {@code r} to {@code file} (core's atomic writer); a cache that cannot be written is skipped. */
    static void write(Path file, Result r) {
        String text = String.format(Locale.ROOT, "# all-core clock probe of the uncalibrated host profile; delete to "
                + "probe again%nhertz=%.6g%nthreads=%d%nmeasuredAt=%s%n", r.hertz(), r.threads(), r.measuredAt());
        try {
            io.sparsim.core.files.AtomicFiles.write(file, text);
        } catch (io.sparsim.core.BadInputException e) {
            // the cache is an optimization: the next run probes again
        }
    }
}
