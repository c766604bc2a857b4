package io.sparsim.workloads.ops;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** Ops run in order, the whole group {@code repeat} times (e.g. one decoder layer x 32). */
public record OpGroup(String name, List<Op> ops, int repeat) {
    public OpGroup {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
        if (repeat <= 0) {
            throw new IllegalArgumentException("repeat must be positive: " + repeat);
        }
    }

    /** FLOPs of all repeats. */
    public double flops() {
        return flops(op -> true);
    }

    /** FLOPs of all repeats of the ops that {@code filter} accepts. */
    public double flops(Predicate<? super Op> filter) {
        return repeat * ops.stream().filter(filter).mapToDouble(Op::flops).sum();
    }

    public double denseFlops() {
        return repeat * ops.stream().mapToDouble(Op::denseFlops).sum();
    }

    public double minBytes() {
        return repeat * ops.stream().mapToDouble(Op::minBytes).sum();
    }
}
