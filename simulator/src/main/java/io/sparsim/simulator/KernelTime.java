package io.sparsim.simulator;

/**
 * One kernel a runtime could run for an op, with its simulated time.
 *
 * @param kernel  kernel family, e.g. {@code cublas-dense}, {@code cusparselt-2:4}, {@code flash-llm}
 * @param seconds simulated time of one execution
 * @param bytes   bytes the kernel moves from the memory that bounds it (HBM or DRAM)
 * @param bound   the resource that sets the time
 * @param detail  how the time came about (tile, waves, split-K, ...), for the breakdown
 * @param tiedWith a second resource within a few percent of {@code bound} (a tie, not a clear bound); null if none
 */
public record KernelTime(String kernel, double seconds, double bytes, Bound bound, String detail, Bound tiedWith) {
    public KernelTime {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(kernel + ": seconds must be positive and finite: " + seconds);
        }
    }

    /** A kernel with one clear bound. */
    public KernelTime(String kernel, double seconds, double bytes, Bound bound, String detail) {
        this(kernel, seconds, bytes, bound, detail, null);
    }

    /** The bound as reported: {@code compute}, or {@code compute≈l2} when two resources tie. */
    public String boundLabel() {
        return tiedWith == null ? bound.id() : bound.id() + "≈" + tiedWith.id();
    }
}
