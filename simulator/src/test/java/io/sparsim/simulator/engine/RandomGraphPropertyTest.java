package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariants every schedule must satisfy, checked on seeded random graphs with independent bookkeeping. */
class RandomGraphPropertyTest {

    private static final double REL = 1e-9;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void causalityConservationAndLowerBounds(long seed) {
        List<Task> tasks = RandomGraphs.tasks(seed, 300, false, seed % 2 == 0);
        TaskGraph graph = RandomGraphs.graph(tasks);
        SimulationResult r = graph.run();
        Map<String, Resource> resources = new HashMap<>();
        RandomGraphs.RESOURCES.forEach(res -> resources.put(res.name(), res));

        // Causality: ready exactly when the last dependency ends; no start before ready; no task faster than alone.
        Map<String, Double> chainEnd = new HashMap<>();
        double criticalPath = 0;
        for (Task task : tasks) {
            TaskTiming t = r.task(task.id());
            double lastDep = 0;
            double chainStart = 0;
            for (String dep : task.dependencies()) {
                assertTrue(r.task(dep).endSeconds() <= t.readySeconds(), task.id() + " ready before " + dep + " ended");
                lastDep = Math.max(lastDep, r.task(dep).endSeconds());
                chainStart = Math.max(chainStart, chainEnd.get(dep));
            }
            assertEquals(lastDep, t.readySeconds(), 0.0, task.id());
            assertTrue(t.startSeconds() >= t.readySeconds(), task.id());
            double alone = uncontended(task, resources);
            assertTrue(t.durationSeconds() >= alone * (1 - 1e-8) - 1e-12,
                    task.id() + " took " + t.durationSeconds() + " < uncontended " + alone);
            assertEquals(alone, graph.uncontendedSeconds(task.id()), alone * 1e-12);
            chainEnd.put(task.id(), chainStart + alone);
            criticalPath = Math.max(criticalPath, chainStart + alone);
        }
        double makespan = r.makespanSeconds();
        assertEquals(criticalPath, graph.criticalPathSeconds(), criticalPath * 1e-12);
        assertTrue(makespan >= criticalPath * (1 - 1e-8), makespan + " < critical path " + criticalPath);
        assertTrue(makespan >= graph.lowerBoundSeconds() * (1 - 1e-8));

        // Conservation, resource bounds, slot capacity.
        for (Resource res : RandomGraphs.RESOURCES) {
            double demanded = 0;
            List<double[]> holds = new ArrayList<>();
            for (Task task : tasks) {
                for (Demand d : task.demands()) {
                    if (d.resource().equals(res.name())) {
                        demanded += d.work();
                        TaskTiming t = r.task(task.id());
                        holds.add(new double[] {t.startSeconds(), +1});
                        holds.add(new double[] {t.endSeconds(), -1});
                    }
                }
            }
            ResourceUsage u = r.resource(res.name());
            assertEquals(demanded, u.workServed(), demanded * REL + 1e-9, res.name() + " conservation");
            assertTrue(makespan >= demanded / res.peakRatePerSecond() * (1 - 1e-8), res.name() + " bound");
            assertTrue(u.busySeconds() <= makespan * (1 + 1e-12), res.name());
            assertTrue(u.utilization() <= 1 + 1e-9, res.name());
            if (res instanceof ComputeUnit cu) {
                holds.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
                int held = 0;
                for (double[] h : holds) {
                    held += (int) h[1];
                    assertTrue(held <= cu.capacity(), res.name() + " over capacity at " + h[0]);
                }
            }
        }
    }

    private static double uncontended(Task task, Map<String, Resource> resources) {
        double longest = 0;
        for (Demand d : task.demands()) {
            Resource res = resources.get(d.resource());
            double rate;
            double latency = 0;
            if (res instanceof ComputeUnit cu) {
                rate = cu.ratePerSecond();
            } else if (res instanceof SharedBandwidth sb) {
                rate = sb.bytesPerSecond();
            } else {
                Link link = (Link) res;
                rate = link.bytesPerSecond();
                latency = link.latencySeconds();
            }
            longest = Math.max(longest, d.work() / Math.min(rate, d.maxRatePerSecond()) + latency);
        }
        return task.fixedSeconds() + longest;
    }
}
