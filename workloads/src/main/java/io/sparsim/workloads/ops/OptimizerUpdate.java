package io.sparsim.workloads.ops;

import io.sparsim.core.Precision;
import java.util.Objects;

/**
 * Adam over {@code parameters} trainable values with fp32 master weights and two fp32 moments.
 * Under fixed-mask sparse training only kept weights have state, so {@code parameters} counts
 * nonzeros; {@code denseParameters} is the dense model's count.
 *
 * <p>Per parameter: 13 FLOPs (first moment 3, second moment 4, bias-corrected step 6); bytes:
 * master weight, m and v each read and written in fp32 (24), the gradient read at the training
 * precision, and the working copy written at that precision unless it is 4 bytes wide (then the
 * master is the working copy).
 */
public record OptimizerUpdate(String name, long parameters, long denseParameters, Precision precision) implements Op {
    static final int FLOPS_PER_PARAMETER = 13;
    static final int FP32_STATE_BYTES_PER_PARAMETER = 3 * 2 * 4;

    public OptimizerUpdate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(precision, "precision");
        if (parameters <= 0 || denseParameters < parameters) {
            throw new IllegalArgumentException("parameters " + parameters + " must be positive and at most "
                    + denseParameters);
        }
    }

    @Override
    public double flops() {
        return (double) FLOPS_PER_PARAMETER * parameters;
    }

    @Override
    public double denseFlops() {
        return (double) FLOPS_PER_PARAMETER * denseParameters;
    }

    /** Bytes moved per parameter (see class comment). */
    public int bytesPerParameter() {
        int working = precision.bytes() < 4 ? precision.bytes() : 0;
        return FP32_STATE_BYTES_PER_PARAMETER + precision.bytes() + working;
    }

    @Override
    public double minBytes() {
        return (double) bytesPerParameter() * parameters;
    }
}
