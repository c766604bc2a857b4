package io.sparsim.workloads.sparsity;

import io.sparsim.core.BadInputException;

/**
 * SAT-style neuron omission (arXiv 2406.01392): a fraction {@code rate} of MLP intermediate
 * channels and of attention heads is skipped in the forward and backward pass. A separate
 * dimension from weight sparsity: it removes whole rows/columns of the weights for a step.
 */
public record Omission(double rate) {
    public static final Omission NONE = new Omission(0);

    public Omission {
        if (!(rate >= 0 && rate < 1)) {
            throw new BadInputException("sparsity", "an omission rate in [0, 1) in 'omission:R'", Numbers.format(rate));
        }
    }

    /** Units of {@code count} still computed: round(count·(1-rate)), at least 1. */
    public int kept(int count) {
        return (int) Math.max(1, Math.round(count * (1 - rate)));
    }

    /** True when nothing is omitted. */
    public boolean isNone() {
        return rate == 0;
    }

    @Override
    public String toString() {
        return "omission:" + Numbers.format(rate);
    }
}
