package io.sparsim.simulator;

import java.util.List;

/** The estimates of one op group (e.g. a decoder layer), which runs {@code repeat} times. */
public record GroupEstimate(String name, int repeat, List<OpEstimate> ops) {
    public GroupEstimate {
        ops = List.copyOf(ops);
    }

    /** Seconds of all repeats. */
    public double seconds() {
        return repeat * ops.stream().mapToDouble(OpEstimate::seconds).sum();
    }

    public double rooflineSeconds() {
        return repeat * ops.stream().mapToDouble(OpEstimate::rooflineSeconds).sum();
    }
}
