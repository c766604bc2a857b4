package io.sparsim.simulator;

/**
 * One kernel a runtime could run for an op, with its simulated time.
 *
 * @param kernel  kernel family, e.g. {@code cublas-dense}, {@code cusparselt-2:4}, {@code flash-llm}
 * @param seconds simulated time of one execution
 * @param bytes   bytes the kernel moves from the memory that bounds it (HBM or DRAM)
 * @param bound   the resource that sets the time
 * @param detail  how the time came about (tile, waves, split-K, ...), for the breakdown
 */
public record KernelTime(String kernel, double seconds, double bytes, Bound bound, String detail) {
    public KernelTime {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(kernel + ": seconds must be positive and finite: " + seconds);
        }
    }
}
