package io.sparsim.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Processor sharing on SharedBandwidth and Link, against hand-computed timelines and a naive reference. */
class SharingTest {

    private static Task flow(String id, String resource, double bytes) {
        return Task.builder(id).demand(resource, bytes).build();
    }

    @Test
    void twoEqualFlowsFinishTogether() {
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(flow("a", "bw", 10)).addTask(flow("b", "bw", 10))
                .build().run();
        assertEquals(2.0, r.task("a").endSeconds(), 0.0);
        assertEquals(2.0, r.task("b").endSeconds(), 0.0);
        assertEquals(20.0, r.resource("bw").workServed(), 1e-12);
        assertEquals(2.0, r.resource("bw").busySeconds(), 0.0);
        assertEquals(1.0, r.resource("bw").utilization(), 1e-12);
    }

    @Test
    void shortFlowLeavesAndLongFlowSpeedsUp() {
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(flow("short", "bw", 10)).addTask(flow("long", "bw", 30))
                .build().run();
        assertEquals(2.0, r.task("short").endSeconds(), 0.0);
        assertEquals(4.0, r.task("long").endSeconds(), 0.0);
    }

    @Test
    void lateArrivalSlowsTheRunningFlow() {
        // a alone at 10 B/s for 1 s (10 of 30 B), then shares with b (10 B): both at 5 B/s, b ends at 3 s,
        // a has 10 B left and ends at 4 s.
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(flow("a", "bw", 30))
                .addTask(Task.builder("b").fixedSeconds(1).demand("bw", 10).build())
                .build().run();
        assertEquals(3.0, r.task("b").endSeconds(), 1e-12);
        assertEquals(4.0, r.task("a").endSeconds(), 1e-12);
    }

    @Test
    void cappedFlowGetsItsCapAndTheRestGoesToTheOther() {
        // Max-min: capped flow at 2 B/s, the other at 8 B/s until it ends at 30/8 = 3.75 s; the capped flow has
        // 10 - 7.5 = 2.5 B left and still runs at its cap: ends at 5 s.
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(Task.builder("capped").demand("bw", 10, 2).build())
                .addTask(flow("free", "bw", 30))
                .build().run();
        assertEquals(3.75, r.task("free").endSeconds(), 1e-12);
        assertEquals(5.0, r.task("capped").endSeconds(), 1e-12);
    }

    @Test
    void cappedFlowRejoinsSharingWhenTheShareDropsBelowItsCap() {
        // [0,1): a capped at 4 (share would be 5), b at 6. [1,3): c and d arrive, share 2.5 < 4, all four at
        // 2.5; c and d end at 3. [3,10.75): a back at its cap 4 (31 B left), b at 6. Then b alone at 10 with
        // 42.5 B left: ends at 15, exactly 150 B / 10 B/s since the bandwidth never idles.
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(Task.builder("a").demand("bw", 40, 4).build())
                .addTask(flow("b", "bw", 100))
                .addTask(Task.builder("c").fixedSeconds(1).demand("bw", 5).build())
                .addTask(Task.builder("d").fixedSeconds(1).demand("bw", 5, 50).build())
                .build().run();
        assertEquals(3.0, r.task("c").endSeconds(), 1e-12);
        assertEquals(3.0, r.task("d").endSeconds(), 1e-12);
        assertEquals(10.75, r.task("a").endSeconds(), 1e-12);
        assertEquals(15.0, r.task("b").endSeconds(), 1e-12);
        assertEquals(150.0, r.resource("bw").workServed(), 1e-9);
        assertEquals(1.0, r.resource("bw").utilization(), 1e-12);
    }

    @Test
    void allFlowsCappedBelowBandwidthLeaveItUnderused() {
        SimulationResult r = new EngineBuilder()
                .addResource(new SharedBandwidth("bw", 10))
                .addTask(Task.builder("a").demand("bw", 4, 2).build())
                .addTask(Task.builder("b").demand("bw", 4, 2).build())
                .build().run();
        assertEquals(2.0, r.task("a").endSeconds(), 1e-12);
        assertEquals(2.0, r.task("b").endSeconds(), 1e-12);
        assertEquals(0.4, r.resource("bw").utilization(), 1e-12);
    }

    @Test
    void linkAddsLatencyWithoutHoldingBandwidth() {
        SimulationResult single = new EngineBuilder()
                .addResource(new Link("l", 10, 0.5))
                .addTask(flow("a", "l", 10))
                .build().run();
        assertEquals(1.5, single.task("a").endSeconds(), 1e-12);

        // Both share 10 B/s (2 s) and each pays the 0.5 s latency once, in parallel.
        SimulationResult two = new EngineBuilder()
                .addResource(new Link("l", 10, 0.5))
                .addTask(flow("a", "l", 10)).addTask(flow("b", "l", 10))
                .build().run();
        assertEquals(2.5, two.task("a").endSeconds(), 1e-12);
        assertEquals(2.5, two.task("b").endSeconds(), 1e-12);
        assertEquals(2.0, two.resource("l").busySeconds(), 1e-12);

        // A zero-byte message still pays the latency.
        SimulationResult empty = new EngineBuilder()
                .addResource(new Link("l", 10, 0.5))
                .addTask(flow("a", "l", 0))
                .build().run();
        assertEquals(0.5, empty.task("a").endSeconds(), 0.0);
    }

    @Test
    void manyEqualFlowsFinishAtTheSameInstant() {
        EngineBuilder b = new EngineBuilder().addResource(new SharedBandwidth("bw", 3e12));
        for (int i = 0; i < 1000; i++) {
            b.addTask(flow("f" + i, "bw", 7e6));
        }
        SimulationResult r = b.build().run();
        double end = r.task("f0").endSeconds();
        assertEquals(1000 * 7e6 / 3e12, end, end * 1e-12);
        for (TaskTiming t : r.tasks()) {
            assertEquals(end, t.endSeconds(), 0.0, t.id());
        }
    }

    /** Random arrivals, works and caps against a slow, obviously correct water-filling simulation. */
    @Test
    void matchesNaiveMaxMinReferenceOnRandomFlows() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int n = 5 + rnd.nextInt(60);
            double rate = 100;
            double[] arrival = new double[n];
            double[] work = new double[n];
            double[] cap = new double[n];
            EngineBuilder b = new EngineBuilder().addResource(new SharedBandwidth("bw", rate));
            for (int i = 0; i < n; i++) {
                arrival[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 10;
                work[i] = 1 + rnd.nextDouble() * 200;
                cap[i] = rnd.nextBoolean() ? Double.POSITIVE_INFINITY : 1 + rnd.nextDouble() * 60;
                b.addTask(Task.builder("f" + i).fixedSeconds(arrival[i]).demand("bw", work[i], cap[i]).build());
            }
            SimulationResult r = b.build().run();
            double[] expected = naiveMaxMin(rate, arrival, work, cap);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], r.task("f" + i).endSeconds(), 1e-7 * expected[i], "seed " + seed + " flow " + i);
            }
            double total = Arrays.stream(work).sum();
            assertEquals(total, r.resource("bw").workServed(), total * 1e-9, "seed " + seed);
        }
    }

    /** Time-stepped from event to event, recomputing every rate from scratch. */
    static double[] naiveMaxMin(double rate, double[] arrival, double[] work, double[] cap) {
        int n = work.length;
        double[] remaining = work.clone();
        double[] end = new double[n];
        boolean[] active = new boolean[n];
        boolean[] done = new boolean[n];
        double t = 0;
        int finished = 0;
        while (finished < n) {
            for (int i = 0; i < n; i++) {
                if (!done[i] && !active[i] && arrival[i] <= t) {
                    active[i] = true;
                }
            }
            List<Integer> act = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    act.add(i);
                }
            }
            double[] r = new double[n];
            act.sort(Comparator.comparingDouble(i -> cap[i]));
            double left = rate;
            int m = act.size();
            for (int i : act) {
                double fair = left / m;
                r[i] = Math.min(cap[i], fair);
                left -= r[i];
                m--;
            }
            double dt = Double.POSITIVE_INFINITY;
            for (int i : act) {
                dt = Math.min(dt, remaining[i] / r[i]);
            }
            for (int i = 0; i < n; i++) {
                if (!done[i] && !active[i]) {
                    dt = Math.min(dt, arrival[i] - t);
                }
            }
            t += dt;
            for (int i : act) {
                remaining[i] -= r[i] * dt;
                if (remaining[i] <= 1e-9 * work[i]) {
                    active[i] = false;
                    done[i] = true;
                    end[i] = t;
                    finished++;
                }
            }
        }
        return end;
    }
}
