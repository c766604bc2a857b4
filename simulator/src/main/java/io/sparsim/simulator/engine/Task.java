package io.sparsim.simulator.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A unit of work in a {@link TaskGraph}. A task becomes ready when all its dependencies have ended. It then
 * waits until it holds one slot of every {@link ComputeUnit} it demands (acquired in resource insertion order,
 * which rules out deadlock), starts, spends {@code fixedSeconds} (launch overhead, pipeline fill), and then
 * has all its demands served concurrently; it ends when the last one is served. Uncontended, a task thus
 * takes {@code fixedSeconds + max over demands of work / rate (+ link latency)}; one with no demands takes
 * {@code fixedSeconds}.
 *
 * @param id           unique id within a graph; dependencies refer to it
 * @param name         display name (trace)
 * @param lane         group label used to lay out the trace (e.g. "layer 3" or "sm12")
 * @param demands      work asked of resources; at most one demand per compute unit
 * @param dependencies ids of tasks that must end before this one becomes ready; iteration order is
 *                     the caller's, but it never affects the simulation
 * @param priority     tie-breaker among tasks that became ready at the same time and wait for the same compute
 *                     unit: the lower value is dispatched first (then insertion order)
 * @param fixedSeconds fixed time between start and the issue of the demands, finite and >= 0
 */
public record Task(String id, String name, String lane, List<Demand> demands, Set<String> dependencies,
                   int priority, double fixedSeconds) {

    /** Lane used when none is given. */
    public static final String DEFAULT_LANE = "tasks";

    public Task {
        Checks.name(id, "Task.id");
        Objects.requireNonNull(name, () -> "Task(" + id + ").name");
        Objects.requireNonNull(lane, () -> "Task(" + id + ").lane");
        demands = List.copyOf(Objects.requireNonNull(demands, () -> "Task(" + id + ").demands"));
        Objects.requireNonNull(dependencies, () -> "Task(" + id + ").dependencies");
        LinkedHashSet<String> deps = new LinkedHashSet<>();
        for (String dep : dependencies) {
            Checks.name(dep, "Task(" + id + ").dependencies");
            if (dep.equals(id)) {
                throw new IllegalArgumentException("Task(" + id + ").dependencies: a task cannot depend on itself");
            }
            deps.add(dep);
        }
        dependencies = Collections.unmodifiableSet(deps);
        Checks.nonNegativeFinite(fixedSeconds, "Task(" + id + ").fixedSeconds");
    }

    /** Starts a builder; name defaults to the id, lane to {@value #DEFAULT_LANE}, priority and fixedSeconds to 0. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Fluent construction of a {@link Task}; validation happens in the record's constructor. */
    public static final class Builder {
        private final String id;
        private String name;
        private String lane = DEFAULT_LANE;
        private final List<Demand> demands = new ArrayList<>();
        private final LinkedHashSet<String> dependencies = new LinkedHashSet<>();
        private int priority;
        private double fixedSeconds;

        private Builder(String id) {
            this.id = id;
            this.name = id;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder lane(String lane) {
            this.lane = lane;
            return this;
        }

        public Builder demand(Demand demand) {
            demands.add(Objects.requireNonNull(demand, "demand"));
            return this;
        }

        /** An uncapped demand of {@code work} units on {@code resource}. */
        public Builder demand(String resource, double work) {
            return demand(Demand.of(resource, work));
        }

        /** A demand of {@code work} units on {@code resource}, never served faster than {@code maxRatePerSecond}. */
        public Builder demand(String resource, double work, double maxRatePerSecond) {
            return demand(new Demand(resource, work, maxRatePerSecond));
        }

        public Builder after(String... taskIds) {
            dependencies.addAll(List.of(taskIds));
            return this;
        }

        public Builder after(Iterable<String> taskIds) {
            taskIds.forEach(dependencies::add);
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder fixedSeconds(double fixedSeconds) {
            this.fixedSeconds = fixedSeconds;
            return this;
        }

        public Task build() {
            return new Task(id, name, lane, demands, dependencies, priority, fixedSeconds);
        }
    }
}
