package io.sparsim.simulator.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable outcome of {@link TaskGraph#run()}: per-task timings (in task insertion order), per-resource
 * usage (in resource insertion order), the makespan, and a Chrome trace on demand. Two results are equal when
 * makespan, timings and usage are equal bit for bit (record equality compares doubles exactly).
 */
public final class SimulationResult {

    private final TaskGraph graph;
    private final double makespanSeconds;
    private final List<TaskTiming> tasks;
    private final List<ResourceUsage> resources;
    private final Map<String, Integer> taskIndex;
    private final Map<String, Integer> resourceIndex;
    private final long eventsProcessed;
    // Trace-only data.
    private final int[] slotOfComputeDemand;
    private final double[][] rateSampleTimes;
    private final double[][] rateSampleValues;

    private SimulationResult(TaskGraph graph, double makespanSeconds, List<TaskTiming> tasks,
                             List<ResourceUsage> resources, long eventsProcessed, int[] slotOfComputeDemand,
                             double[][] rateSampleTimes, double[][] rateSampleValues) {
        this.graph = graph;
        this.makespanSeconds = makespanSeconds;
        this.tasks = tasks;
        this.resources = resources;
        this.eventsProcessed = eventsProcessed;
        this.slotOfComputeDemand = slotOfComputeDemand;
        this.rateSampleTimes = rateSampleTimes;
        this.rateSampleValues = rateSampleValues;
        Map<String, Integer> ti = new HashMap<>(tasks.size() * 2);
        for (int t = 0; t < tasks.size(); t++) {
            ti.put(tasks.get(t).id(), t);
        }
        Map<String, Integer> ri = new HashMap<>(resources.size() * 2);
        for (int r = 0; r < resources.size(); r++) {
            ri.put(resources.get(r).name(), r);
        }
        this.taskIndex = ti;
        this.resourceIndex = ri;
    }

    static SimulationResult of(TaskGraph g, double[] ready, double[] start, double[] end, int[] slotOfDemand,
                               ComputeState[] compute, BandwidthState[] bandwidth, long eventsProcessed) {
        double makespan = 0;
        List<TaskTiming> timings = new ArrayList<>(end.length);
        for (int t = 0; t < end.length; t++) {
            Task task = g.tasks().get(t);
            timings.add(new TaskTiming(task.id(), task.name(), task.lane(), ready[t], start[t], end[t]));
            makespan = Math.max(makespan, end[t]);
        }
        int nr = g.resourceCount();
        List<ResourceUsage> usage = new ArrayList<>(nr);
        double[][] times = new double[nr][];
        double[][] rates = new double[nr][];
        for (int r = 0; r < nr; r++) {
            Resource res = g.resources().get(r);
            double served;
            double busy;
            if (compute[r] != null) {
                served = compute[r].served;
                busy = compute[r].busySeconds;
                times[r] = new double[0];
                rates[r] = new double[0];
            } else {
                served = bandwidth[r].served;
                busy = bandwidth[r].busySeconds;
                times[r] = bandwidth[r].sampleTimes();
                rates[r] = bandwidth[r].sampleRates();
            }
            double peak = res.peakRatePerSecond();
            double utilization = makespan > 0 ? served / (peak * makespan) : 0;
            usage.add(new ResourceUsage(res.name(), served, busy, peak, utilization));
        }
        return new SimulationResult(g, makespan, Collections.unmodifiableList(timings),
                Collections.unmodifiableList(usage), eventsProcessed, slotOfDemand, times, rates);
    }

    /** End of the last task (0 for an empty graph). */
    public double makespanSeconds() {
        return makespanSeconds;
    }

    /** Timings in task insertion order. */
    public List<TaskTiming> tasks() {
        return tasks;
    }

    /** The timing of the task with this id; throws IllegalArgumentException if there is none. */
    public TaskTiming task(String id) {
        Integer t = taskIndex.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown task '" + id + "'");
        }
        return tasks.get(t);
    }

    /** Usage in resource insertion order. */
    public List<ResourceUsage> resources() {
        return resources;
    }

    /** The usage of the resource with this name; throws IllegalArgumentException if there is none. */
    public ResourceUsage resource(String name) {
        Integer r = resourceIndex.get(name);
        if (r == null) {
            throw new IllegalArgumentException("unknown resource '" + name + "'");
        }
        return resources.get(r);
    }

    /** Number of events the engine handled (stale wakes included): a cost measure for tuning mappers. */
    public long eventsProcessed() {
        return eventsProcessed;
    }

    /** The graph that was run. */
    public TaskGraph graph() {
        return graph;
    }

    /**
     * Chrome trace JSON (loads in Perfetto and chrome://tracing): one process per task lane with tasks as
     * complete ("X") events on as many threads as overlap needs, one process for compute units with a thread
     * per slot showing which task holds it, and one counter track per bandwidth with its delivered rate.
     * Times in microseconds.
     */
    public String toChromeTrace() {
        return ChromeTrace.write(this);
    }

    int slotOfComputeDemand(int k) {
        return slotOfComputeDemand[k];
    }

    double[] rateSampleTimes(int r) {
        return rateSampleTimes[r];
    }

    double[] rateSampleValues(int r) {
        return rateSampleValues[r];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulationResult other
                && Double.compare(makespanSeconds, other.makespanSeconds) == 0
                && tasks.equals(other.tasks)
                && resources.equals(other.resources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(makespanSeconds, tasks, resources);
    }

    @Override
    public String toString() {
        return "SimulationResult[makespanSeconds=" + makespanSeconds + ", tasks=" + tasks.size()
                + ", resources=" + resources + "]";
    }
}
