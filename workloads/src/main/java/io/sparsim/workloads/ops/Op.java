package io.sparsim.workloads.ops;

/**
 * One operator of a lowered workload. Every op knows three numbers:
 * <ul>
 *   <li>{@link #flops()}: useful FLOPs after skipping zero weights and omitted channels/heads;
 *   <li>{@link #denseFlops()}: the same op with dense weights and nothing omitted;
 *   <li>{@link #minBytes()}: bytes that must move at least once: weights in their fewest bytes (kept values
 *       plus the most compact metadata, or dense when that is fewer) and the activations read and written,
 *       each once.
 * </ul>
 * Multiply-adds count as 2 FLOPs. Values are doubles because training totals pass 2^63.
 */
public sealed interface Op permits Gemm, Attention, Norm, Elementwise, Embedding, OptimizerUpdate, Collective {

    /** Short name within its group, e.g. {@code q_proj}, {@code down_proj.wgrad}. */
    String name();

    double flops();

    double denseFlops();

    double minBytes();
}
