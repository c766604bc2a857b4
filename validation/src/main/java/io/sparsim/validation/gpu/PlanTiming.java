package io.sparsim.validation.gpu;

import io.sparsim.core.BadInputException;

/**
 * How the runner times every case of a plan.
 *
 * <p>Per case: at least {@code warmupCalls} untimed calls and at least {@code warmupSeconds} of them (library
 * heuristics, allocator and clocks settle), then {@code samples} timed samples. A sample is a run of consecutive
 * calls (at least one, more when one call is shorter than {@code minSampleSeconds}) between two CUDA events,
 * divided by the number of calls. Successive calls cycle through distinct input buffer sets whose total size is at
 * least {@code l2Multiple} times the device's L2 cache, so no call finds its operands left in L2 by the previous
 * one; {@code fallbackRotationBytes} stands in where the device does not report its L2 size.
 *
 * @param samples               timed samples per case; at least {@value #MIN_SAMPLES}, the median is reported
 * @param minSampleSeconds      shortest sample: CUDA event timestamps resolve about 0.5 µs (CUDA Runtime API,
 *                              cudaEventElapsedTime), so samples of 100 µs and more keep that under 1%
 * @param l2Multiple            rotation pool size as a multiple of the L2 size; 2 or more evicts under LRU-like
 *                              replacement
 * @param maxBufferSets         cap on buffer sets per case (many tiny operands would otherwise need hundreds)
 * @param fallbackRotationBytes rotation pool size when the L2 size is unknown
 */
public record PlanTiming(int warmupCalls, double warmupSeconds, int samples, double minSampleSeconds,
                         double l2Multiple, int maxBufferSets, long fallbackRotationBytes) {
    public static final int MIN_SAMPLES = 50;

    public PlanTiming {
        if (warmupCalls < 1 || warmupCalls > 10_000) {
            throw new BadInputException("warmupCalls", "an integer in [1, 10000]", warmupCalls);
        }
        if (!(warmupSeconds >= 0 && warmupSeconds <= 60)) {
            throw new BadInputException("warmupSeconds", "a number of seconds in [0, 60]", warmupSeconds);
        }
        if (samples < MIN_SAMPLES || samples > 100_000) {
            throw new BadInputException("samples", "an integer in [" + MIN_SAMPLES + ", 100000] (the median of at "
                    + "least " + MIN_SAMPLES + " repeats is reported)", samples);
        }
        if (!(minSampleSeconds >= 0 && minSampleSeconds <= 1)) {
            throw new BadInputException("minSampleSeconds", "a number of seconds in [0, 1]", minSampleSeconds);
        }
        if (!(l2Multiple >= 1 && l2Multiple <= 64)) {
            throw new BadInputException("l2Multiple", "a factor in [1, 64]", l2Multiple);
        }
        if (maxBufferSets < 2 || maxBufferSets > 4096) {
            throw new BadInputException("maxBufferSets", "an integer in [2, 4096]", maxBufferSets);
        }
        if (fallbackRotationBytes < 1 || fallbackRotationBytes > (1L << 36)) {
            throw new BadInputException("fallbackRotationBytes", "a byte count in [1, 2^36]", fallbackRotationBytes);
        }
    }

    /**
     * The standard policy. The fallback pool of 256 MiB is an {@code estimate}: about five times the 50 MB L2 that
     * docs/references.md lists for H100 and H200 (A100: 40 MiB), so a device with a somewhat larger L2 is still covered
     * twice.
     */
    public static PlanTiming standard() {
        return new PlanTiming(5, 0.05, MIN_SAMPLES, 1e-4, 2.0, 64, 256L << 20);
    }
}
