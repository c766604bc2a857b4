package io.sparsim.workloads.ops;

import io.sparsim.workloads.Workload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A lowered workload: groups of ops in execution order, each group repeated (a decoder layer once
 * per layer), so a 80-layer model costs one layer's ops to build and to sweep.
 */
public record OpGraph(Workload workload, List<OpGroup> groups) {
    public OpGraph {
        Objects.requireNonNull(workload, "workload");
        groups = List.copyOf(groups);
    }

    /** The group named {@code name}, if any. */
    public Optional<OpGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public double flops() {
        return groups.stream().mapToDouble(OpGroup::flops).sum();
    }

    /** FLOPs (all repeats) of the ops {@code filter} accepts, e.g. {@code op -> op instanceof Gemm}. */
    public double flops(Predicate<? super Op> filter) {
        return groups.stream().mapToDouble(g -> g.flops(filter)).sum();
    }

    public double denseFlops() {
        return groups.stream().mapToDouble(OpGroup::denseFlops).sum();
    }

    public double minBytes() {
        return groups.stream().mapToDouble(OpGroup::minBytes).sum();
    }
}
