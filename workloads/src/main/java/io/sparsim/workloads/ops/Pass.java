package io.sparsim.workloads.ops;

/** Which pass of training (or inference) an op belongs to. */
public enum Pass {
    /** Forward: inference, or the first half of a training step. */
    FORWARD,
    /** Backward through the op to its inputs (for a GEMM through W^T; for weight-free ops, their whole backward). */
    DGRAD,
    /** Backward to the weights: dW = X^T·dY. */
    WGRAD
}
