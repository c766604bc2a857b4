package io.sparsim.simulator.engine;

import java.util.Arrays;
import java.util.PriorityQueue;

/** One run of a {@link TaskGraph}: all mutable state lives here and dies with the run. */
final class Simulation {

    private final TaskGraph g;
    private final PriorityQueue<Event> queue;
    private long serial;
    private double now;
    private long eventsProcessed;

    private final double[] ready;
    private final double[] start;
    private final double[] end;
    private final int[] dependenciesLeft;
    private final int[] pending;
    private final int[] acquired;
    /** Slot held by each compute demand (indexed like {@link TaskGraph#computeDemand}); -1 before dispatch. */
    private final int[] slotOfDemand;

    private final ComputeState[] compute;
    private final BandwidthState[] bandwidth;
    private final int[] dirty;
    private int dirtyCount;
    private boolean settleScheduled;
    /** Compute units to dispatch in the pending Dispatch event, lowest resource index first. */
    private final IntHeap toDispatch;
    private boolean dispatchScheduled;

    Simulation(TaskGraph graph) {
        this.g = graph;
        int nt = graph.taskCount();
        int nr = graph.resourceCount();
        queue = new PriorityQueue<>(Math.max(16, nt), Event.ORDER);
        ready = new double[nt];
        start = new double[nt];
        end = new double[nt];
        Arrays.fill(end, Double.NaN);
        dependenciesLeft = graph.dependencyCount.clone();
        pending = new int[nt];
        acquired = new int[nt];
        slotOfDemand = new int[graph.demandTask.length];
        Arrays.fill(slotOfDemand, -1);
        compute = new ComputeState[nr];
        bandwidth = new BandwidthState[nr];
        // FIFO by ready time, then task priority (lower first), then insertion order.
        IntHeap.Order waitOrder = (a, b) -> {
            if (ready[a] != ready[b]) {
                return ready[a] < ready[b];
            }
            if (graph.priority[a] != graph.priority[b]) {
                return graph.priority[a] < graph.priority[b];
            }
            return a < b;
        };
        for (int r = 0; r < nr; r++) {
            if (graph.resourceKind[r] == TaskGraph.COMPUTE) {
                compute[r] = new ComputeState(graph.resourceRate[r], graph.resourceCapacity[r], waitOrder);
            } else {
                bandwidth[r] = new BandwidthState(graph.resourceRate[r], graph.resourceLatency[r]);
            }
        }
        dirty = new int[nr];
        toDispatch = new IntHeap(Math.max(2, nr), (a, b) -> a < b);
    }

    SimulationResult run() {
        for (int t = 0; t < g.taskCount(); t++) {
            if (dependenciesLeft[t] == 0) {
                queue.add(new Event.TaskReady(0.0, serial++, t));
            }
        }
        Event e;
        while ((e = queue.poll()) != null) {
            now = e.time();
            eventsProcessed++;
            if (e instanceof Event.DemandDone done) {
                demandDone(done.demand());
            } else if (e instanceof Event.BandwidthWake wake) {
                BandwidthState bw = bandwidth[wake.resource()];
                if (wake.version() == bw.version) {
                    bw.wake(now, f -> flowServed(wake.resource(), f));
                    markDirty(wake.resource());
                }
            } else if (e instanceof Event.FixedDelayDone fixed) {
                issueDemands(fixed.task());
            } else if (e instanceof Event.TaskReady r) {
                taskReady(r.task());
            } else if (e instanceof Event.Dispatch) {
                dispatchAll();
            } else if (e instanceof Event.Settle) {
                settle();
            }
        }
        for (int t = 0; t < g.taskCount(); t++) {
            if (Double.isNaN(end[t])) {
                // Unreachable for a validated acyclic graph; a failure here is an engine bug.
                throw new IllegalStateException("task '" + g.tasks().get(t).id() + "' never ended");
            }
        }
        return SimulationResult.of(g, ready, start, end, slotOfDemand, compute, bandwidth, eventsProcessed);
    }

    private void taskReady(int t) {
        ready[t] = now;
        int from = g.computeStart[t];
        if (from == g.computeStart[t + 1]) {
            startTask(t);
        } else {
            enqueue(t, g.demandResource[g.computeDemand[from]]);
        }
    }

    private void enqueue(int t, int unit) {
        ComputeState cu = compute[unit];
        cu.waiting.add(t);
        scheduleDispatch(unit, cu);
    }

    private void scheduleDispatch(int unit, ComputeState cu) {
        if (!cu.dispatchScheduled) {
            cu.dispatchScheduled = true;
            toDispatch.add(unit);
        }
        if (!dispatchScheduled) {
            dispatchScheduled = true;
            queue.add(new Event.Dispatch(now, serial++));
        }
    }

    /** Slots are acquired in increasing unit index, so a unit dispatched here is only re-touched by later ones. */
    private void dispatchAll() {
        while (!toDispatch.isEmpty()) {
            int unit = toDispatch.poll();
            compute[unit].dispatchScheduled = false;
            dispatch(unit);
        }
        dispatchScheduled = false;
    }

    private void dispatch(int unit) {
        ComputeState cu = compute[unit];
        while (!cu.waiting.isEmpty() && !cu.freeSlots.isEmpty()) {
            int t = cu.waiting.poll();
            int k = g.computeStart[t] + acquired[t]++;
            slotOfDemand[k] = cu.acquire(now);
            if (k + 1 < g.computeStart[t + 1]) {
                enqueue(t, g.demandResource[g.computeDemand[k + 1]]);
            } else {
                startTask(t);
            }
        }
    }

    private void startTask(int t) {
        start[t] = now;
        double fixed = g.fixedSeconds[t];
        if (fixed > 0) {
            queue.add(new Event.FixedDelayDone(now + fixed, serial++, t));
        } else {
            issueDemands(t);
        }
    }

    private void issueDemands(int t) {
        int from = g.demandStart[t];
        int to = g.demandStart[t + 1];
        pending[t] = to - from + 1; // +1 holds the task open until every demand is issued
        for (int d = from; d < to; d++) {
            int r = g.demandResource[d];
            double work = g.demandWork[d];
            if (compute[r] != null) {
                ComputeState cu = compute[r];
                double seconds = work / Math.min(cu.rate, g.demandCap[d]);
                cu.served += work;
                if (seconds > 0) {
                    queue.add(new Event.DemandDone(now + seconds, serial++, d));
                } else {
                    pending[t]--;
                }
            } else {
                BandwidthState bw = bandwidth[r];
                if (work > 0) {
                    bw.add(new Flow(d, work, g.demandCap[d]), now);
                    markDirty(r);
                } else if (bw.latencySeconds > 0) {
                    queue.add(new Event.DemandDone(now + bw.latencySeconds, serial++, d));
                } else {
                    pending[t]--;
                }
            }
        }
        if (--pending[t] == 0) {
            endTask(t);
        }
    }

    private void flowServed(int resource, Flow f) {
        double latency = bandwidth[resource].latencySeconds;
        if (latency > 0) {
            queue.add(new Event.DemandDone(now + latency, serial++, f.demand));
        } else {
            demandDone(f.demand);
        }
    }

    private void demandDone(int d) {
        int t = g.demandTask[d];
        if (--pending[t] == 0) {
            endTask(t);
        }
    }

    private void endTask(int t) {
        end[t] = now;
        for (int k = g.computeStart[t]; k < g.computeStart[t + 1]; k++) {
            int unit = g.demandResource[g.computeDemand[k]];
            ComputeState cu = compute[unit];
            cu.release(slotOfDemand[k], now);
            if (!cu.waiting.isEmpty()) {
                scheduleDispatch(unit, cu);
            }
        }
        for (int k = g.dependentStart[t]; k < g.dependentStart[t + 1]; k++) {
            int s = g.dependents[k];
            if (--dependenciesLeft[s] == 0) {
                queue.add(new Event.TaskReady(now, serial++, s));
            }
        }
    }

    private void markDirty(int r) {
        BandwidthState bw = bandwidth[r];
        if (!bw.dirty) {
            bw.dirty = true;
            dirty[dirtyCount++] = r;
        }
        if (!settleScheduled) {
            settleScheduled = true;
            queue.add(new Event.Settle(now, serial++));
        }
    }

    private void settle() {
        settleScheduled = false;
        // Resource order, not arrival order, so serials do not depend on which flow moved first.
        Arrays.sort(dirty, 0, dirtyCount);
        for (int i = 0; i < dirtyCount; i++) {
            int r = dirty[i];
            BandwidthState bw = bandwidth[r];
            bw.dirty = false;
            double next = bw.settle(now);
            if (next == bw.scheduledTime) {
                continue; // the queued wake is still right
            }
            bw.version++;
            if (next == Double.POSITIVE_INFINITY) {
                bw.scheduledTime = Double.NaN;
            } else {
                bw.scheduledTime = next;
                queue.add(new Event.BandwidthWake(next, serial++, r, bw.version));
            }
        }
        dirtyCount = 0;
    }
}
