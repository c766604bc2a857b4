package io.sparsim.simulator.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, validated set of resources and tasks, compiled to flat arrays so that {@link #run()} is cheap
 * and can be called repeatedly (and concurrently: each run has its own state).
 */
public final class TaskGraph {

    static final byte COMPUTE = 0;
    static final byte BANDWIDTH = 1;

    private final List<Resource> resources;
    private final List<Task> tasks;
    private final Map<String, Integer> resourceIndex;
    private final Map<String, Integer> taskIndex;

    // Resources, by insertion index.
    final byte[] resourceKind;
    /** Per-slot rate for compute units, aggregate bytes/s for bandwidths and links. */
    final double[] resourceRate;
    final int[] resourceCapacity;
    final double[] resourceLatency;

    // Demands, flattened task by task in insertion order; a demand's index is its deterministic tie-breaker.
    final int[] demandStart;
    final int[] demandTask;
    final int[] demandResource;
    final double[] demandWork;
    final double[] demandCap;

    /** Per task, its compute demands ordered by resource index: the order in which slots are acquired. */
    final int[] computeStart;
    final int[] computeDemand;

    final int[] dependencyCount;
    final int[] dependentStart;
    final int[] dependents;
    final int[] priority;
    final double[] fixedSeconds;

    private final double[] uncontendedSeconds;
    private final double criticalPathSeconds;

    TaskGraph(List<Resource> resources, List<Task> tasks) {
        this.resources = resources;
        this.tasks = tasks;
        int nr = resources.size();
        int nt = tasks.size();
        Map<String, Integer> rIdx = new HashMap<>(nr * 2);
        resourceKind = new byte[nr];
        resourceRate = new double[nr];
        resourceCapacity = new int[nr];
        resourceLatency = new double[nr];
        for (int r = 0; r < nr; r++) {
            Resource res = resources.get(r);
            rIdx.put(res.name(), r);
            if (res instanceof ComputeUnit cu) {
                resourceKind[r] = COMPUTE;
                resourceRate[r] = cu.ratePerSecond();
                resourceCapacity[r] = cu.capacity();
            } else if (res instanceof SharedBandwidth sb) {
                resourceKind[r] = BANDWIDTH;
                resourceRate[r] = sb.bytesPerSecond();
            } else if (res instanceof Link link) {
                resourceKind[r] = BANDWIDTH;
                resourceRate[r] = link.bytesPerSecond();
                resourceLatency[r] = link.latencySeconds();
            }
        }
        resourceIndex = Collections.unmodifiableMap(rIdx);

        Map<String, Integer> tIdx = new HashMap<>(nt * 2);
        for (int t = 0; t < nt; t++) {
            tIdx.put(tasks.get(t).id(), t);
        }
        taskIndex = Collections.unmodifiableMap(tIdx);

        int nd = 0;
        int nc = 0;
        int ne = 0;
        for (Task task : tasks) {
            nd += task.demands().size();
            ne += task.dependencies().size();
        }
        demandStart = new int[nt + 1];
        demandTask = new int[nd];
        demandResource = new int[nd];
        demandWork = new double[nd];
        demandCap = new double[nd];
        computeStart = new int[nt + 1];
        int[] computeTmp = new int[nd];
        priority = new int[nt];
        fixedSeconds = new double[nt];
        int d = 0;
        for (int t = 0; t < nt; t++) {
            Task task = tasks.get(t);
            demandStart[t] = d;
            computeStart[t] = nc;
            priority[t] = task.priority();
            fixedSeconds[t] = task.fixedSeconds();
            for (Demand demand : task.demands()) {
                Integer r = rIdx.get(demand.resource());
                if (r == null) {
                    throw new IllegalArgumentException("task '" + task.id() + "' demands unknown resource '"
                            + demand.resource() + "'; known: " + rIdx.keySet().stream().sorted().toList());
                }
                demandTask[d] = t;
                demandResource[d] = r;
                demandWork[d] = demand.work();
                demandCap[d] = demand.maxRatePerSecond();
                if (resourceKind[r] == COMPUTE) {
                    for (int k = computeStart[t]; k < nc; k++) {
                        if (demandResource[computeTmp[k]] == r) {
                            throw new IllegalArgumentException("task '" + task.id() + "' demands compute unit '"
                                    + demand.resource() + "' twice; merge the work into one demand");
                        }
                    }
                    computeTmp[nc++] = d;
                }
                d++;
            }
            // Acquire slots in resource order so that two tasks never wait on each other's units.
            // Insertion sort: a task rarely demands more than two units.
            for (int k = computeStart[t] + 1; k < nc; k++) {
                int v = computeTmp[k];
                int j = k - 1;
                while (j >= computeStart[t] && demandResource[computeTmp[j]] > demandResource[v]) {
                    computeTmp[j + 1] = computeTmp[j];
                    j--;
                }
                computeTmp[j + 1] = v;
            }
        }
        demandStart[nt] = d;
        computeStart[nt] = nc;
        computeDemand = Arrays.copyOf(computeTmp, nc);

        // Dependencies as CSR, each task's dependents sorted so nothing depends on Set iteration order.
        dependencyCount = new int[nt];
        int[] edgeFrom = new int[ne];
        int[] edgeTo = new int[ne];
        int e = 0;
        for (int t = 0; t < nt; t++) {
            Task task = tasks.get(t);
            for (String dep : task.dependencies()) {
                Integer p = tIdx.get(dep);
                if (p == null) {
                    throw new IllegalArgumentException("task '" + task.id() + "' depends on unknown task '" + dep + "'");
                }
                edgeFrom[e] = p;
                edgeTo[e] = t;
                e++;
                dependencyCount[t]++;
            }
        }
        dependentStart = new int[nt + 1];
        for (int k = 0; k < ne; k++) {
            dependentStart[edgeFrom[k] + 1]++;
        }
        for (int t = 0; t < nt; t++) {
            dependentStart[t + 1] += dependentStart[t];
        }
        dependents = new int[ne];
        int[] fill = Arrays.copyOf(dependentStart, nt);
        // Edges were produced in increasing target order, so each dependents list comes out sorted.
        for (int k = 0; k < ne; k++) {
            dependents[fill[edgeFrom[k]]++] = edgeTo[k];
        }

        uncontendedSeconds = new double[nt];
        for (int t = 0; t < nt; t++) {
            double longest = 0;
            for (int k = demandStart[t]; k < demandStart[t + 1]; k++) {
                int r = demandResource[k];
                longest = Math.max(longest, demandWork[k] / Math.min(resourceRate[r], demandCap[k]) + resourceLatency[r]);
            }
            uncontendedSeconds[t] = fixedSeconds[t] + longest;
        }
        criticalPathSeconds = longestPath();
    }

    /** Kahn's algorithm over the compiled edges; also the cycle check. */
    private double longestPath() {
        int nt = tasks.size();
        int[] left = dependencyCount.clone();
        double[] finish = new double[nt];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int t = 0; t < nt; t++) {
            if (left[t] == 0) {
                ready.add(t);
            }
        }
        int done = 0;
        double best = 0;
        double[] readyAt = new double[nt];
        while (!ready.isEmpty()) {
            int t = ready.poll();
            done++;
            finish[t] = readyAt[t] + uncontendedSeconds[t];
            best = Math.max(best, finish[t]);
            for (int k = dependentStart[t]; k < dependentStart[t + 1]; k++) {
                int s = dependents[k];
                readyAt[s] = Math.max(readyAt[s], finish[t]);
                if (--left[s] == 0) {
                    ready.add(s);
                }
            }
        }
        if (done < nt) {
            throw new IllegalArgumentException("dependency cycle: " + describeCycle(left));
        }
        return best;
    }

    /** Walks predecessors among the tasks Kahn could not finish until one repeats. */
    private String describeCycle(int[] left) {
        int start = 0;
        while (left[start] == 0) {
            start++;
        }
        Map<Integer, Integer> seenAt = new HashMap<>();
        List<Integer> path = new ArrayList<>();
        int t = start;
        while (!seenAt.containsKey(t)) {
            seenAt.put(t, path.size());
            path.add(t);
            int next = -1;
            for (String dep : tasks.get(t).dependencies()) {
                int p = taskIndex.get(dep);
                if (left[p] > 0) {
                    next = p;
                    break;
                }
            }
            t = next; // every unfinished task has an unfinished predecessor
        }
        List<Integer> cycle = new ArrayList<>(path.subList(seenAt.get(t), path.size()));
        Collections.reverse(cycle);
        StringBuilder sb = new StringBuilder();
        for (int c : cycle) {
            sb.append('\'').append(tasks.get(c).id()).append("' -> ");
        }
        return sb.append('\'').append(tasks.get(cycle.get(0)).id()).append('\'').toString();
    }

    /**
     * Plays the graph and returns its timeline. Guarantees:
     * <ul>
     *   <li>The same graph (same insertion order) always gives a bit-for-bit equal result, on any JVM.</li>
     *   <li>Reordering the insertion of tasks changes nothing as long as no two tasks that wait for the same
     *       compute unit with the same ready time also have the same priority (insertion order breaks only
     *       those ties); processor sharing does not depend on arrival order within an instant. Per-resource
     *       sums may then differ in the last bits (different addition order).</li>
     * </ul>
     */
    public SimulationResult run() {
        return new Simulation(this).run();
    }

    public List<Resource> resources() {
        return resources;
    }

    public List<Task> tasks() {
        return tasks;
    }

    /** The resource with this name; throws IllegalArgumentException if there is none. */
    public Resource resource(String name) {
        return resources.get(resourceIndexOf(name));
    }

    /** The task with this id; throws IllegalArgumentException if there is none. */
    public Task task(String id) {
        return tasks.get(taskIndexOf(id));
    }

    int resourceIndexOf(String name) {
        Integer r = resourceIndex.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown resource '" + name + "'");
        }
        return r;
    }

    int taskIndexOf(String id) {
        Integer t = taskIndex.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown task '" + id + "'");
        }
        return t;
    }

    /** Time the task would take alone on idle resources: fixedSeconds + max over demands (work / rate + latency). */
    public double uncontendedSeconds(String taskId) {
        return uncontendedSeconds[taskIndexOf(taskId)];
    }

    /** Longest dependency chain of uncontended task times: a lower bound on the makespan. */
    public double criticalPathSeconds() {
        return criticalPathSeconds;
    }

    /** Total work demanded of a resource, in its unit. */
    public double totalWork(String resourceName) {
        int r = resourceIndexOf(resourceName);
        double sum = 0;
        for (int d = 0; d < demandResource.length; d++) {
            if (demandResource[d] == r) {
                sum += demandWork[d];
            }
        }
        return sum;
    }

    /**
     * The larger of the critical path and every resource's total work over its peak rate: no schedule can
     * beat it (the roofline-style floor of this graph).
     */
    public double lowerBoundSeconds() {
        double[] work = new double[resources.size()];
        for (int d = 0; d < demandResource.length; d++) {
            work[demandResource[d]] += demandWork[d];
        }
        double bound = criticalPathSeconds;
        for (int r = 0; r < work.length; r++) {
            bound = Math.max(bound, work[r] / resources.get(r).peakRatePerSecond());
        }
        return bound;
    }

    int taskCount() {
        return tasks.size();
    }

    int resourceCount() {
        return resources.size();
    }
}
