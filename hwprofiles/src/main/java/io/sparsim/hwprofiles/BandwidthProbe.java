package io.sparsim.hwprofiles;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * A short DRAM streaming-read probe for the uncalibrated {@code host} profile: every core reads a buffer larger
 * than the last-level cache, once as one stream per thread (how the dense GEMV and block16 read their weight)
 * and once as four interleaved streams per thread (how csr, bitmask and 2:4 do), best of several passes. Run at
 * first use and cached beside the user's calibrations, so the model starts from this machine's bandwidth rather
 * than another's.
 */
public final class BandwidthProbe {
    private static final int PASSES = 5;
    private static final long MIN_BUFFER = 256L << 20;
    private static final long MAX_BUFFER = 1L << 30;
    private static final int CHUNK_FLOATS = 1 << 20;

    private BandwidthProbe() {
    }

    /** What one probe read, with when and how. */
    public record Result(double oneStreamBytesPerSecond, double severalStreamsBytesPerSecond, int threads,
            long bufferBytes, String measuredAt) {
        public Result {
            if (!(oneStreamBytesPerSecond > 0) || !(severalStreamsBytesPerSecond > 0) || threads < 1
                    || bufferBytes <= 0) {
                throw new IllegalArgumentException("not a probe result: " + oneStreamBytesPerSecond + ", "
                        + severalStreamsBytesPerSecond + ", " + threads + ", " + bufferBytes);
            }
        }

        /** "47.1 GB/s with four streams a thread, 41.0 GB/s with one (2 threads, 256 MiB, 2026-...)". */
        public String describe() {
            return String.format(Locale.ROOT, "%.1f GB/s with four streams a thread, %.1f GB/s with one (%d threads, "
                    + "%d MiB read, best of %d passes, %s)", severalStreamsBytesPerSecond / 1e9,
                    oneStreamBytesPerSecond / 1e9, threads, bufferBytes >> 20, PASSES, measuredAt);
        }
    }

    /** The cached probe when {@code cache} holds one, else a fresh probe, written to {@code cache} when given. */
    public static Result cachedOrRun(Optional<Path> cache, int threads, double lastLevelCacheBytes) {
        if (cache.isPresent()) {
            Optional<Result> cached = read(cache.get());
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        Result r = run(threads, bufferBytes(lastLevelCacheBytes));
        cache.ifPresent(c -> write(c, r));
        return r;
    }

    /** Twice the last-level cache, 256 MiB to 1 GiB, whole 4 MiB chunks. */
    static long bufferBytes(double lastLevelCacheBytes) {
        long b = (long) Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, 2 * lastLevelCacheBytes));
        return b / (4L * CHUNK_FLOATS) * (4L * CHUNK_FLOATS);
    }

    /** Probes now on {@code threads} threads over a buffer of {@code bufferBytes}. */
    public static Result run(int threads, long bufferBytes) {
        float[] buffer = new float[(int) (bufferBytes / Float.BYTES)];
        java.util.Arrays.fill(buffer, 1f);
        double one = best(buffer, threads, 1);
        double several = best(buffer, threads, 4);
        return new Result(one, several, threads, bufferBytes,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static double best(float[] buffer, int threads, int streams) {
        read(buffer, threads, streams);
        double bestSeconds = Double.POSITIVE_INFINITY;
        for (int pass = 0; pass < PASSES; pass++) {
            bestSeconds = Math.min(bestSeconds, read(buffer, threads, streams));
        }
        return buffer.length * (double) Float.BYTES / bestSeconds;
    }

    /**
     * Each thread reads its contiguous share, one float per 64-byte line, as {@code streams} interleaved streams;
     * returns the most CPU time a thread spent ({@link ProbeThreads}), the time all would take running at once.
     */
    private static double read(float[] buffer, int threads, int streams) {
        int chunks = buffer.length / CHUNK_FLOATS;
        double[] sums = new double[threads];
        double[] cpuSeconds = ProbeThreads.cpuSeconds(threads, "bandwidth",
                t -> sums[t] = sum(buffer, chunks * t / threads, chunks * (t + 1) / threads, streams));
        if (Double.isNaN(java.util.Arrays.stream(sums).sum())) {
            throw new IllegalStateException("probe buffer corrupted");
        }
        return java.util.Arrays.stream(cpuSeconds).max().orElseThrow();
    }

    private static double sum(float[] buffer, int chunkLo, int chunkHi, int streams) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int c = chunkLo; c < chunkHi; c++) {
            int lo = c * CHUNK_FLOATS;
            if (streams == 1) {
                for (int i = lo; i < lo + CHUNK_FLOATS; i += 16) {
                    s0 += buffer[i];
                }
            } else {
                int quarter = CHUNK_FLOATS / 4;
                for (int i = lo; i < lo + quarter; i += 16) {
                    s0 += buffer[i];
                    s1 += buffer[i + quarter];
                    s2 += buffer[i + 2 * quarter];
                    s3 += buffer[i + 3 * quarter];
                }
            }
        }
        return s0 + s1 + s2 + s3;
    }

    /** A cached probe, or empty when the file is missing or unreadable (then the probe runs again). */
    static Optional<Result> read(Path file) {
        return ProbeThreads.readCache(file, p -> new Result(Double.parseDouble(p.getProperty("oneStreamBytesPerSecond")),
                Double.parseDouble(p.getProperty("severalStreamsBytesPerSecond")),
                Integer.parseInt(p.getProperty("threads")), Long.parseLong(p.getProperty("bufferBytes")),
                p.getProperty("measuredAt")));
    }

    /** Writes {@code r} to {@code file} (core's atomic writer); a cache that cannot be written is skipped. */
    static void write(Path file, Result r) {
        String text = String.format(Locale.ROOT, "# DRAM streaming-read probe of the uncalibrated host profile; delete "
                + "to probe again%noneStreamBytesPerSecond=%.6g%nseveralStreamsBytesPerSecond=%.6g%nthreads=%d%n"
                + "bufferBytes=%d%nmeasuredAt=%s%n", r.oneStreamBytesPerSecond(), r.severalStreamsBytesPerSecond(),
                r.threads(), r.bufferBytes(), r.measuredAt());
        try {
            io.sparsim.core.files.AtomicFiles.write(file, text);
        } catch (io.sparsim.core.BadInputException e) {
            // the cache is an optimization: the next run probes again
        }
    }
}
