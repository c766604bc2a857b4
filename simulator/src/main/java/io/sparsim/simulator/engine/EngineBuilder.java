package io.sparsim.simulator.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects resources and tasks, then {@link #build()} validates them into an immutable {@link TaskGraph}.
 * Insertion order matters only as the last tie-breaker (see {@link TaskGraph#run()}). Mistakes here are
 * programmer errors (a mapper produced a bad graph), so they raise {@link IllegalArgumentException}.
 * Not thread-safe; one builder per graph.
 */
public final class EngineBuilder {

    private final List<Resource> resources = new ArrayList<>();
    private final Map<String, Resource> resourcesByName = new HashMap<>();
    private final List<Task> tasks = new ArrayList<>();
    private final Map<String, Task> tasksById = new HashMap<>();

    /** Adds a resource; its name must be new. */
    public EngineBuilder addResource(Resource resource) {
        Objects.requireNonNull(resource, "resource");
        if (resourcesByName.putIfAbsent(resource.name(), resource) != null) {
            throw new IllegalArgumentException("duplicate resource name '" + resource.name() + "'");
        }
        resources.add(resource);
        return this;
    }

    /** Adds a task; its id must be new. Dependencies and resources may be added later, they are checked by {@link #build()}. */
    public EngineBuilder addTask(Task task) {
        Objects.requireNonNull(task, "task");
        if (tasksById.putIfAbsent(task.id(), task) != null) {
            throw new IllegalArgumentException("duplicate task id '" + task.id() + "'");
        }
        tasks.add(task);
        return this;
    }

    public EngineBuilder addTasks(Collection<? extends Task> more) {
        more.forEach(this::addTask);
        return this;
    }

    public int taskCount() {
        return tasks.size();
    }

    /**
     * Validates and compiles the graph.
     *
     * @throws IllegalArgumentException on a demand naming an unknown resource, a task demanding the same compute
     *                                  unit twice, a dependency on an unknown task, or a dependency cycle (the
     *                                  message lists the cycle)
     */
    public TaskGraph build() {
        return new TaskGraph(List.copyOf(resources), List.copyOf(tasks));
    }
}
